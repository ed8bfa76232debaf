// The mock rules editor: the app's JSON editor, named Rules and marked invalid while the text does
// not pass mockRulesSchema.
import type { ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { forwardRef } from 'react';
import { JsonEditor } from '../../ui/json-editor';

interface RulesEditorProps {
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  /** Id of the element that says what is wrong with the rules. */
  describedBy: string;
}

export const RulesEditor = forwardRef<ReactCodeMirrorRef, RulesEditorProps>(function RulesEditor(props, ref) {
  return <JsonEditor ref={ref} label="Rules" {...props} />;
});

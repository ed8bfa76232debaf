// The JSON payload editor: the app's JSON editor, marked invalid while the text is not a payload
// the composer can send.
import { EditorView, type Extension, type Text } from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { parsePayload } from '../../store/parse-request';
import { JsonEditor } from '../../ui/json-editor';

interface PayloadEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Id of the element that says what is wrong with the payload, or how to send it. */
  describedBy: string;
}

export function PayloadEditor({ value, onChange, describedBy }: PayloadEditorProps) {
  const extensions = useMemo<Extension[]>(() => {
    // Content attributes are recomputed on every view update: remember validity per document version.
    const validityByDoc = new WeakMap<Text, boolean>();
    const isPayloadValid = (doc: Text): boolean => {
      let valid = validityByDoc.get(doc);
      if (valid === undefined) {
        valid = parsePayload(doc.toString()).ok;
        validityByDoc.set(doc, valid);
      }
      return valid;
    };
    return [EditorView.contentAttributes.of((view) => ({ 'aria-invalid': isPayloadValid(view.state.doc) ? 'false' : 'true' }))];
  }, []);

  return <JsonEditor label="Payload" value={value} onChange={onChange} describedBy={describedBy} extensions={extensions} />;
}

// Name and value pairs as a two-column table: names as row headers, values in monospace.
export function KeyValueTable({ label, rows }: { label: string; rows: readonly (readonly [string, string])[] }) {
  return (
    <table className="kv-table" aria-label={label}>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="mono">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

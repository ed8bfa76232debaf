// A table's column headings, when they are plain words: one <th scope="col"> each, so a screen
// reader names every cell by its column.

/** The heading cells alone, for a row of its own under grouped headings. */
export function ColumnHeadings({ columns }: { columns: readonly string[] }) {
  return (
    <>
      {columns.map((column, index) => (
        // Columns may repeat under different groups (Status of the left run and of the right one).
        <th key={index} scope="col">
          {column}
        </th>
      ))}
    </>
  );
}

export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        <ColumnHeadings columns={columns} />
      </tr>
    </thead>
  );
}

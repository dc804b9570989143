// The import floor: exceljs streaming-reads the file and does nothing else with the rows.
import ExcelJS from 'exceljs';

const file = process.argv[2];
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
  entries: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'cache',
  worksheets: 'emit',
});
let rows = 0;
for await (const ws of reader) {
  for await (const row of ws) {
    if (row.values) rows++;
  }
}
process.stdout.write(`${rows}\n`);

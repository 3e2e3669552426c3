// Rewrites the Markdown table and SVG chart of a saved run: node bench/render.mjs bench/results/<run>.json
import { readFileSync, writeFileSync } from 'node:fs';
import { curveOf } from './lib/cluster-curve.mjs';
import { curveSvg } from './lib/curve-report.mjs';
import { checkTargets, markdown, svgChart } from './lib/report.mjs';

const file = process.argv[2];
if (!file?.endsWith('.json')) throw new Error('usage: node bench/render.mjs bench/results/<run>.json');
const run = JSON.parse(readFileSync(file, 'utf8'));
run.targets = checkTargets(run.rows, run.db);
if (run.rows.some((row) => row.id === 'W6')) run.w6 = curveOf(run.rows);
writeFileSync(file.replace(/\.json$/, '.md'), markdown(run));
writeFileSync(file.replace(/\.json$/, '.svg'), svgChart(run));
if (run.w6) writeFileSync(file.replace(/\.json$/, '-w6.svg'), curveSvg(run));
console.log(markdown(run));

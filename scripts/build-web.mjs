// Bundles the customer and admin web app (web/) into dist/web/ with esbuild: one script, one stylesheet,
// index.html. Prints each file's gzip size; the seat page must stay under 200 KB of gzipped script.
// Usage: node scripts/build-web.mjs [--outdir <folder>] [--dev]
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scriptBudgetBytes = 60 * 1024;

function argument(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

// Written through a temporary name and renamed: a test or server reading dist/web while another build
// runs always sees a whole file.
function writeAtomically(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

export async function buildWeb({ outdir = join(root, 'dist/web'), minify = true } = {}) {
  const result = await build({
    // admin-charts.js: the dashboard's charts (chart.js), loaded by the dashboard only (web/src/views/charts-loader.ts).
    entryPoints: {
      app: join(root, 'web/src/main.ts'),
      'admin-charts': join(root, 'web/src/admin-charts/main.ts'),
      styles: join(root, 'web/styles.css'),
    },
    bundle: true,
    minify,
    sourcemap: minify ? false : 'inline',
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    outdir,
    write: false,
    logLevel: 'warning',
  });
  const files = [...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents }))];
  files.push({ path: join(outdir, 'index.html'), contents: readFileSync(join(root, 'web/index.html')) });
  for (const file of files) writeAtomically(file.path, file.contents);
  return files.map((file) => ({ name: basename(file.path), bytes: file.contents.length, gzipBytes: gzipSync(file.contents).length }));
}

const kilobytes = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = argument('--outdir');
  const sizes = await buildWeb({ outdir: outdir && resolve(outdir), minify: !process.argv.includes('--dev') });
  for (const file of sizes)
    console.log(`${file.name.padEnd(12)} ${kilobytes(file.bytes).padStart(9)}  gzip ${kilobytes(file.gzipBytes).padStart(8)}`);
  const script = sizes.find((file) => file.name === 'app.js');
  if (script && script.gzipBytes > scriptBudgetBytes) {
    console.error(`app.js is ${kilobytes(script.gzipBytes)} gzipped, over the ${kilobytes(scriptBudgetBytes)} budget`);
    process.exit(1);
  }
}

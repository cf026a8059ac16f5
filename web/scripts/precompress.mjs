// Compresses the built web app once, at build time (issue 17: phones on a weak signal):
// every compressible file of dist/ of at least 1 KiB gets NAME.br (Brotli, quality 11) and
// NAME.gz (gzip, level 9) beside it, kept only when smaller. The server sends the one the
// browser accepts (src/app/static_files.cpp). Node's own zlib: no extra dependency.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('../dist/', import.meta.url).pathname;
const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;
let files = 0, before = 0, afterBr = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (!compressible.test(name) || statSync(path).size < 1024) continue;
    const bytes = readFileSync(path);
    const br = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    const gz = gzipSync(bytes, { level: 9 });
    if (br.length < bytes.length) writeFileSync(`${path}.br`, br);
    if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz);
    files++; before += bytes.length; afterBr += Math.min(br.length, bytes.length);
  }
}
walk(root);
console.log(`precompressed ${files} files: ${(before / 1024).toFixed(0)} KiB -> ${(afterBr / 1024).toFixed(0)} KiB with Brotli`);

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedFiles, ROOT } from './generate.js';

for (const [file, content] of await generatedFiles()) {
  const target = path.join(ROOT, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content, 'utf8');
}

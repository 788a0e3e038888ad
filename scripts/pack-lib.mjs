// Second half of `npm run build:lib`: makes dist-lib/ a package of its own (augplay, export
// "./pipeline", no dependencies: zod is bundled into pipeline.js), ready for `npm pack ./dist-lib`.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist-lib');
const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// zod's code is bundled, its types are not shipped: the one zod type in the declarations
// (ZodType, on internal schema helpers) becomes opaque, so the types need no zod either.
const ZOD_IMPORT = /^import (type )?\{ z \} from 'zod';$/m;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      if (ZOD_IMPORT.test(text)) writeFileSync(path, text.replace(ZOD_IMPORT, 'declare namespace z { type ZodType = unknown; }'));
    }
  }
}
walk(join(out, 'types'));

const pkg = {
  name: app.name,
  version: app.version,
  description: 'augplay\'s image augmentation pipeline: parse a pipeline JSON exported from the app and run it in Node or a bundler (no DOM), with the same bytes as in the browser.',
  type: 'module',
  engines: app.engines,
  exports: { './pipeline': { types: './types/lib/pipeline.d.ts', import: './pipeline.js', default: './pipeline.js' } },
  files: ['pipeline.js', 'pipeline.js.map', 'types', 'README.md'],
  sideEffects: true,
};
writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  join(out, 'README.md'),
  `# augplay/pipeline\n\n\`\`\`js\nimport { parsePipeline, runPipeline } from 'augplay/pipeline';\nconst pipeline = parsePipeline(jsonText);\nconst out = runPipeline(pipeline, { width, height, channels: 3, data: rgbBytes }, { epoch: 0, index: 0, mode: 'inference' });\n\`\`\`\n\nSame (pipeline, seed, epoch, index): the same float32 values as the augplay app. \`toPreprocessorConfig(pipeline)\` writes a Hugging Face preprocessor_config.json where an exact equivalent exists.\n`,
);
console.log(`dist-lib/package.json: ${pkg.name}@${pkg.version}, exports ./pipeline, no dependencies`);

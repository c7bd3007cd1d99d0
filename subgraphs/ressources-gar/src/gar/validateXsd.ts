import { readFile } from 'node:fs/promises';
import { validateXML, memoryPages } from 'xmllint-wasm';
import type { GarVariant } from './directory.js';
import type { ExportProblem } from './garEntries.js';
import { subjectAtLine, type WrittenFile } from './garFiles.js';

/** The official schemas, copied byte for byte (xsd/PROVENANCE.md); same relative path from src/ and dist/. */
export const XSD_FILES: Record<GarVariant, URL> = {
  '2D': new URL('../../xsd/GAR-ENT.xsd', import.meta.url),
  '1D': new URL('../../xsd/GAR-ENT-1D.xsd', import.meta.url),
};

const schemaCache = new Map<GarVariant, string>();
async function schemaOf(variant: GarVariant): Promise<string> {
  let schema = schemaCache.get(variant);
  if (!schema) {
    schema = await readFile(XSD_FILES[variant], 'utf8');
    schemaCache.set(variant, schema);
  }
  return schema;
}

/**
 * Validates each file against its variant's official XSD with libxml2 (xmllint compiled to
 * WebAssembly). Each error names the entry it falls in (the person or group), the file and the line.
 */
export async function validateGarFiles(files: readonly WrittenFile[]): Promise<ExportProblem[]> {
  const problems: ExportProblem[] = [];
  for (const file of files) {
    const schema = await schemaOf(file.variant);
    const result = await validateXML({
      xml: { fileName: file.name, contents: await readFile(file.path) },
      schema: { fileName: file.variant === '2D' ? 'GAR-ENT.xsd' : 'GAR-ENT-1D.xsd', contents: schema },
      // A 10,000-element file is a few megabytes; libxml2's tree needs several times that.
      initialMemoryPages: 64 * memoryPages.MiB,
      maxMemoryPages: memoryPages.GiB,
    });
    if (result.valid) continue;
    for (const error of result.errors) {
      const line = error.loc?.lineNumber;
      problems.push({
        subject: (line !== undefined ? subjectAtLine(file, line) : undefined) ?? `fichier ${file.name}`,
        message: error.message.trim(),
        file: file.name,
        line,
      });
    }
  }
  return problems;
}

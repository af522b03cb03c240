import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/api-types.ts';

describe("the web client's API types", () => {
  it('are generated from the current OpenAPI document (run `npm run gen:api` after changing a route)', async () => {
    const committed = await readFile(API_TYPES_FILE, 'utf8');
    expect(committed === (await generateApiTypes()), 'web/src/api/openapi.d.ts is out of date: run npm run gen:api').toBe(true);
  });
});

/** The state a panel keeps across a window reload is untrusted: validated field by field. */
import * as assert from 'node:assert/strict';
import { parsePersistedPanel } from '../../src/shared/persistedPanel';

describe('persisted panel state', () => {
  const source = 'file:///work/ws/sprites/coin.png';

  it('keeps sources, their variants in the same folder, and interruptions', () => {
    const results = [{ saved: 'file:///work/ws/sprites/coin-restyled.png', route: '16 × 16 → …' }, { saved: 'file:///work/ws/sprites/coin-restyled-2.png' }];
    const state = { prompt: 'x', panel: { version: 1, sources: [{ uri: source, results }, { uri: source, interrupted: true }] } };
    assert.deepEqual(parsePersistedPanel(state), { version: 1, sources: [{ uri: source, results }, { uri: source, interrupted: true }] });
  });

  it('drops a saved variant that points outside the source folder', () => {
    const state = { panel: { version: 1, sources: [{ uri: source, results: [{ saved: 'file:///etc/passwd', route: 'x' }] }] } };
    assert.deepEqual(parsePersistedPanel(state), { version: 1, sources: [{ uri: source }] });
  });

  it('refuses anything that is not its shape', () => {
    for (const bad of [undefined, null, 'x', {}, { panel: { version: 2, sources: [{ uri: source }] } }, { panel: { version: 1, sources: [] } }, { panel: { version: 1, sources: [{ uri: 'https://example.com/a.png' }] } }, { panel: { version: 1, sources: [{ uri: 42 }] } }, { panel: { version: 1, sources: Array(201).fill({ uri: source }) } }]) {
      assert.equal(parsePersistedPanel(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });
});

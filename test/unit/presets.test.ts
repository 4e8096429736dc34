/** Presets from the settings and recent prompts are checked before the panel offers them. */
import * as assert from 'node:assert/strict';
import { addRecentPrompt, parsePresets, parseRecentPrompts, withPreset } from '../../src/core/presets';

describe('presets and recent prompts', () => {
  it('keeps valid presets and skips the rest', () => {
    const { presets, skipped } = parsePresets([
      { name: 'Cyberpunk', prompt: 'cyberpunk style, dark colours', strength: 0.62 },
      { name: 'Ink', prompt: 'ink drawing' },
      { name: '', prompt: 'x' },
      { name: 'Bad strength', prompt: 'x', strength: 3 },
      'not an object',
      { name: 'No prompt' },
    ]);
    assert.deepEqual(presets, [{ name: 'Cyberpunk', prompt: 'cyberpunk style, dark colours', strength: 0.6 }, { name: 'Ink', prompt: 'ink drawing' }]);
    assert.equal(skipped, 4);
    assert.deepEqual(parsePresets('nonsense'), { presets: [], skipped: 0 });
  });

  it('adds a preset, replacing one of the same name', () => {
    const next = withPreset([{ name: 'Ink', prompt: 'old' }, { name: 'Oil', prompt: 'oil paint' }], { name: 'Ink', prompt: 'ink drawing', strength: 0.4 });
    assert.deepEqual(next, [{ name: 'Oil', prompt: 'oil paint' }, { name: 'Ink', prompt: 'ink drawing', strength: 0.4 }]);
  });

  it('remembers the last 20 prompts, newest first, without duplicates', () => {
    let recent: string[] = [];
    for (let i = 0; i < 25; i++) recent = addRecentPrompt(recent, `prompt ${i}`);
    recent = addRecentPrompt(recent, 'prompt 10');
    assert.equal(recent.length, 20);
    assert.equal(recent[0], 'prompt 10');
    assert.equal(recent.filter((p) => p === 'prompt 10').length, 1);
    assert.deepEqual(parseRecentPrompts([1, 'a', null, 'a', '']), ['a']);
  });
});

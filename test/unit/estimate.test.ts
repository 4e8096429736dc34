/** The cost estimate shown before Generate, the confirmation rule, and learning the price. */
import * as assert from 'node:assert/strict';
import { confirmationReason, estimateRun, learnPrice } from '../../src/core/estimate';

describe('cost estimate', () => {
  it('reads as the panel shows it', () => {
    assert.equal(estimateRun(3, 2, 0.08, 12.3).text, '3 images × 2 variants ≈ 0.48 credits · balance 12.30');
    assert.equal(estimateRun(1, 1, 0.08).text, '1 image × 1 variant ≈ 0.08 credits');
  });

  it('asks first when the run passes the threshold or the balance, not otherwise', () => {
    assert.equal(confirmationReason(estimateRun(2, 2, 0.08, 10), 1), undefined);
    assert.match(confirmationReason(estimateRun(5, 4, 0.08, 10), 1) ?? '', /1\.60 credits \(20 calls\), more than restyle\.confirmAbove \(1\.00\)/);
    assert.match(confirmationReason(estimateRun(3, 1, 0.08, 0.2), 1) ?? '', /more than your balance of 0\.20/);
    assert.equal(confirmationReason(estimateRun(1, 1, 0.08, 0.08), 1), undefined, 'exactly the balance is fine');
  });

  it('learns the price from x-cost, else from the balance drop, and ignores nonsense', () => {
    assert.equal(learnPrice(undefined, { cost: 0.07 }), 0.07);
    assert.equal(learnPrice(0.08, { balanceBefore: 10, balanceAfter: 9.95 }), 0.05);
    assert.equal(learnPrice(0.08, { cost: -1, balanceBefore: 10, balanceAfter: 10 }), 0.08);
    assert.equal(learnPrice(0.08, { cost: Number.NaN }), 0.08);
    assert.equal(learnPrice(undefined, { balanceBefore: 10, balanceAfter: 12 }), undefined);
  });
});

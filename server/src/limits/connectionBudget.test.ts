import { describe, expect, it } from 'vitest'
import { addressCpuBuckets, ConnectionBudget } from './connectionBudget.ts'

describe('ConnectionBudget', () => {
  const limits = {
    messagesPerSecond: 10,
    bytesPerSecond: 1000,
    maxMessageBytes: 4000,
    cpuMsPerSecond: 100,
    cpuMsPerSecondPerAddress: 150,
  }

  it('admits a largest message even when it exceeds a second of bytes, then meters bytes', () => {
    let now = 0
    const budget = new ConnectionBudget(limits, () => now)
    expect(budget.admit(4000)).toBeNull()
    expect(budget.admit(10)).toBe('byte rate limit exceeded')
    now += 1000
    expect(budget.admit(900)).toBeNull()
  })

  it('counts messages apart from bytes', () => {
    const budget = new ConnectionBudget(limits, () => 0)
    for (let i = 0; i < 10; i++) expect(budget.admit(1)).toBeNull()
    expect(budget.admit(1)).toBe('message rate limit exceeded')
  })

  it('closes a connection whose messages keep the server busy past its share', () => {
    let now = 0
    const budget = new ConnectionBudget(limits, () => now)
    expect(budget.charge(400)).toBeNull() // a burst of up to half a second
    expect(budget.charge(200)).toMatch(/server time limit exceeded/)
    now += 5000
    expect(budget.charge(50)).toBeNull()
  })

  it('shares an address’s server time among its connections: a new one from an overdrawn address is refused', () => {
    const addresses = addressCpuBuckets(limits)
    const budgets = [1, 2, 3].map(() => new ConnectionBudget(limits, undefined, addresses.of('2001:db8::1')))
    expect(budgets[0]?.charge(300)).toBeNull()
    expect(budgets[1]?.charge(300)).toMatch(/its address/)
    expect(budgets[2]?.admit(1)).toMatch(/its address/)
    const elsewhere = new ConnectionBudget(limits, undefined, addresses.of('203.0.113.1'))
    expect(elsewhere.admit(1)).toBeNull()
  })
})

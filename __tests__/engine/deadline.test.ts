import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { startDeadline } from '../../src/engine/deadline.js'

describe('startDeadline', () => {
  afterEach(() => {
    jest.useRealTimers()
  })

  it('calls back at the limit with the input named', () => {
    jest.useFakeTimers()
    const onTimeout = jest.fn()
    startDeadline(5, onTimeout)
    jest.advanceTimersByTime(4999)
    expect(onTimeout).not.toHaveBeenCalled()
    jest.advanceTimersByTime(1)
    expect(onTimeout).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The action did not finish within action-timeout-s \(5 s\); nothing was exported/
      )
    )
  })

  it('counts a limit of one second too', () => {
    jest.useFakeTimers()
    const onTimeout = jest.fn()
    startDeadline(1, onTimeout)
    jest.advanceTimersByTime(1000)
    expect(onTimeout).toHaveBeenCalledTimes(1)
  })

  it('does nothing once cleared, or with 0', () => {
    jest.useFakeTimers()
    const onTimeout = jest.fn()
    startDeadline(5, onTimeout).clear()
    startDeadline(0, onTimeout)
    jest.advanceTimersByTime(60_000)
    expect(onTimeout).not.toHaveBeenCalled()
  })
})

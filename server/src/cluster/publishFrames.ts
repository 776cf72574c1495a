import type { RedisClient } from './redisLink.ts'

/**
 * Publishes its arguments, taken as pairs (channel, message), in order: one command carries a
 * turn's frames of every room. Sent as EVAL, not EVALSHA, so that a Redis that lost its script
 * cache (a restart) answers no NOSCRIPT that a retry would have to order again.
 */
const SCRIPT = "for i = 1, #ARGV, 2 do redis.call('PUBLISH', ARGV[i], ARGV[i + 1]) end return 0"

/** Most frames one command carries: Redis runs a script to its end before anything else. */
export const FRAMES_PER_COMMAND = 256

/** A frame for one room's channel. */
export interface ChannelFrame {
  channel: string
  frame: Buffer
}

/**
 * Publishes `frames` with one command per {@link FRAMES_PER_COMMAND}, in the order given (the
 * commands of one connection keep their order, and the script publishes in order). Each PUBLISH
 * costs the Node side a command of its own (its promise, its reply); one script call for a
 * turn's frames costs that once.
 */
export function publishFrames(client: RedisClient, frames: readonly ChannelFrame[]): Promise<unknown>[] {
  const sent: Promise<unknown>[] = []
  for (let start = 0; start < frames.length; start += FRAMES_PER_COMMAND) {
    const args: Array<string | Buffer> = []
    for (const { channel, frame } of frames.slice(start, start + FRAMES_PER_COMMAND))
      args.push(channel, frame)
    sent.push(client.eval(SCRIPT, { arguments: args }))
  }
  return sent
}

/**
 * Session recordings: the recording/archive format, the document at any instant
 * ({@link ReplayIndex}), the public session state along time ({@link SessionTimeline}),
 * idle-gap skipping ({@link PlaybackClock}), pinned results and the Markdown report.
 * Imported as `@roofline/shared/replay`, so code that never replays does not load Yjs.
 */
export { Base64Error, base64ToBytes, bytesToBase64 } from './base64.ts'
export { findPinnedCards, type PinnedCard } from './pinnedCards.ts'
export { PlaybackClock, type PlaybackClockOptions } from './playbackClock.ts'
export {
  type PrivateRound,
  type PublicTemplate,
  parseRecording,
  privateRoundSchema,
  publicTemplateSchema,
  type RecordedEvent,
  type Recording,
  RecordingFormatError,
  type RecordingJson,
  type ReplayCheckpoint,
  type ReplayLogEntry,
  recordedEventSchema,
  recordedEventTypes,
  recordingFormat,
  recordingSchema,
  recordingToJson,
  recordingVersion,
  replayLink,
  type SessionSummary,
  sessionSummarySchema,
} from './recording.ts'
export { ReplayCursor, ReplayIndex, type SeekPlan } from './replayIndex.ts'
export { sessionReport } from './sessionReport.ts'
export {
  type PhaseJump,
  type PhaseSegment,
  type SessionMoment,
  SessionTimeline,
  type TimelineMarker,
} from './sessionTimeline.ts'

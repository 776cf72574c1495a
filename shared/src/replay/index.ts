/**
 * Session recordings: the recording/archive format, the document at any instant
 * ({@link ReplayIndex}), the public session state along time ({@link SessionTimeline}),
 * idle-gap skipping ({@link PlaybackClock}), pinned results and the session report
 * ({@link buildReport}, as Markdown or printable HTML).
 * Imported as `@roofline/shared/replay`, so code that never replays does not load Yjs.
 */
export { Base64Error, base64ToBytes, bytesToBase64 } from './base64.ts'
export { findPinnedCards, PinCollector, type PinnedCard, pinnedCardSchema } from './pinnedCards.ts'
export { PlaybackClock, type PlaybackClockOptions } from './playbackClock.ts'
export {
  type CursorPayload,
  checkpointJsonSchema,
  cursorPayloadSchema,
  logEntryJsonSchema,
  type PrivateRound,
  type PublicTemplate,
  parseRecording,
  privatePartSchema,
  privateRoundSchema,
  publicTemplateSchema,
  type RecordedEvent,
  type Recording,
  RecordingFormatError,
  type RecordingJson,
  type ReplayCheckpoint,
  type ReplayLogEntry,
  readableRecordingVersions,
  recordedEventSchema,
  recordedEventTypes,
  recordingFormat,
  recordingSchema,
  recordingToJson,
  recordingVersion,
  replayLink,
  reportLink,
  type SessionSummary,
  sessionSummarySchema,
} from './recording.ts'
export {
  type ImportedArchive,
  importedArchiveSchema,
  type ReplayLinkResponse,
  type RevokedReplayLinks,
  replayLinkRequestSchema,
  replayLinkResponseSchema,
  revokedReplayLinksSchema,
} from './recordingApi.ts'
export {
  logPageSchema,
  maxLogPage,
  outlineOf,
  parseLogPage,
  parseOutline,
  type RecordingOutline,
  recordingOutlineSchema,
} from './recordingOutline.ts'
export {
  type CheckpointRef,
  type MissingData,
  ReplayCursor,
  ReplayDataMissingError,
  ReplayIndex,
  type SeekPlan,
} from './replayIndex.ts'
export { type RecordingSource, ReplayLoader } from './replayLoader.ts'
export { type BoardRecord, readDiagram, richTextToPlain } from './report/boardParts.ts'
export { buildReport, finalRecords, type ReportOptions } from './report/buildReport.ts'
export { escapeHtml, reportBodyHtml, reportHtml } from './report/reportHtml.ts'
export { reportMarkdown } from './report/reportMarkdown.ts'
export {
  type Report,
  type ReportCalculation,
  type ReportLink,
  type ReportPart,
  type ReportPhase,
  type ReportRound,
  type ReportScorecard,
  reportSchema,
} from './report/reportModel.ts'
export { reportCss } from './report/reportStyle.ts'
export {
  type PhaseJump,
  type PhaseSegment,
  type SessionMoment,
  SessionTimeline,
  type TimelineMarker,
} from './sessionTimeline.ts'

/** Voice in the room (issue 21): the control events and HTTP shapes both ends check. */

export * from '../session/voiceConsent.ts'
export * from '../session/voiceEvents.ts'
export * from './speakingTime.ts'
export * from './voiceHttp.ts'

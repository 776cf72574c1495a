/** Voice in the room (issue 21): the control events and HTTP shapes both ends check. */

export * from './speakingTime.ts'
export * from './voiceConsent.ts'
export * from './voiceEvents.ts'
export * from './voiceHttp.ts'

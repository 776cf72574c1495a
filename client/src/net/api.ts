import {
  apiErrorBodySchema,
  type CreateBoardResponse,
  type CreateSessionResponse,
  createBoardResponseSchema,
  createSessionResponseSchema,
  describeIssues,
  importedTemplateSchema,
  type TemplateStart,
  type TemplateSummary,
  templateListSchema,
  templateStartSchema,
} from '@roofline/shared'
import {
  type ImportedArchive,
  importedArchiveSchema,
  parseLogPage,
  parseOutline,
  parseRecording,
  type Recording,
  type RecordingOutline,
  type RecordingSource,
  type Report,
  replayLinkResponseSchema,
  reportSchema,
  revokedReplayLinksSchema,
  type SessionSummary,
  sessionSummarySchema,
} from '@roofline/shared/replay'
import { forgetTemplateOwner, rememberTemplateOwner, templateOwnerToken } from './templateOwners.ts'

const SECRET_KEY = 'roofline.serverSecret'

/** A refused request: the server's message, and one line per bad field when it gave them. */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly status: number
  readonly issues: string[]
  constructor(status: number, message: string, issues: string[] = []) {
    super(message)
    this.status = status
    this.issues = issues
  }
  /** The server needs its access secret (ROOFLINE_CREATE_SECRET) for this. */
  get needsSecret(): boolean {
    return this.status === 401
  }
}

/** Remembers the server's access secret in this browser (for servers that set one). */
export function setServerSecret(secret: string): void {
  if (secret) window.localStorage.setItem(SECRET_KEY, secret)
  else window.localStorage.removeItem(SECRET_KEY)
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const secret = window.localStorage.getItem(SECRET_KEY)
  const headers = new Headers(init.headers)
  // A call that carries its own credentials (a session token) keeps them.
  if (secret && !headers.has('authorization')) headers.set('authorization', `Bearer ${secret}`)
  if (init.body) headers.set('content-type', 'application/json')
  let response: Response
  try {
    response = await fetch(path, { ...init, headers })
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your connection.')
  }
  if (!response.ok) {
    // An error page from a proxy (HTML, no JSON) still gives the status.
    const parsed = apiErrorBodySchema.safeParse(await response.json().catch(() => ({})))
    const body = parsed.success ? parsed.data : {}
    throw new ApiError(
      response.status,
      body.error ?? body.message ?? `The server answered ${response.status}.`,
      body.issues,
    )
  }
  return response
}

/** A shared zod schema, as `parseAnswer` uses it (the client reaches zod only through shared). */
export interface AnswerSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: Parameters<typeof describeIssues>[0] }
}

/**
 * The answer's JSON as `schema` says it is. Anything else (a server of another version, a
 * proxy's page) is an `ApiError` naming `what` and the fields that differ, which the pages
 * show like any refusal, instead of data of the wrong shape failing somewhere later.
 */
export async function parseAnswer<T>(response: Response, schema: AnswerSchema<T>, what: string): Promise<T> {
  const parsed = schema.safeParse(await readJson(response, what))
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      `The server sent ${what} this page cannot read.`,
      describeIssues(parsed.error),
    )
  }
  return parsed.data
}

/** The answer's body as JSON, or an `ApiError` saying that `what` came as something else. */
async function readJson(response: Response, what: string): Promise<unknown> {
  try {
    return await response.json()
  } catch {
    throw new ApiError(response.status, `The server sent ${what} that is not JSON.`)
  }
}

/** `POST /api/boards`: a new scratch board. */
export async function createBoard(): Promise<CreateBoardResponse> {
  return parseAnswer(await call('/api/boards', { method: 'POST' }), createBoardResponseSchema, 'a new board')
}

/** `POST /api/sessions`: a new session and its three links. */
export async function createSession(body: object): Promise<CreateSessionResponse> {
  const response = await call('/api/sessions', { method: 'POST', body: JSON.stringify(body) })
  return parseAnswer(response, createSessionResponseSchema, 'a new session')
}

/** `GET /api/templates`: every template's public summary. */
export async function listTemplates(): Promise<TemplateSummary[]> {
  return parseAnswer(await call('/api/templates'), templateListSchema, 'a template list')
}

/** `GET /api/sessions/:id/start`: the session's board start, by any of its links (names no template file). */
export async function fetchSessionStart(sessionId: string, token: string): Promise<TemplateStart> {
  const response = await call(`/api/sessions/${encodeURIComponent(sessionId)}/start`, {
    headers: withToken(token),
  })
  return parseAnswer(response, templateStartSchema, "a session's start")
}

/** `POST /api/templates`: imports a template file's text; JSON errors are reported like schema errors. */
export async function importTemplate(text: string): Promise<TemplateSummary> {
  try {
    JSON.parse(text)
  } catch (error) {
    throw new ApiError(400, 'This file is not JSON.', [`(file): ${(error as Error).message}`])
  }
  const response = await call('/api/templates', { method: 'POST', body: text })
  const { ownerToken, ...summary } = await parseAnswer(
    response,
    importedTemplateSchema,
    'an imported template',
  )
  rememberTemplateOwner(summary.id, ownerToken)
  return summary
}

/** What proves a right over template `id`: this browser's owner token if it imported it (else the server's secret, added by `call`). */
function templateCredentials(id: string): RequestInit {
  const owner = templateOwnerToken(id)
  return owner ? { headers: withToken(owner) } : {}
}

/**
 * Downloads a template as `<id>.json`, hidden material included: for the browser that
 * imported it, or with the server's secret (an interviewer's session offers its own).
 */
export async function downloadTemplate(id: string): Promise<void> {
  const blob = await (
    await call(`/api/templates/${encodeURIComponent(id)}/file`, templateCredentials(id))
  ).blob()
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = `${id}.json`
  link.click()
  URL.revokeObjectURL(url)
}

/** `DELETE /api/templates/:id`: deletes an imported template (the browser that imported it, or with the secret). */
export async function deleteTemplate(id: string): Promise<void> {
  await call(`/api/templates/${encodeURIComponent(id)}`, { method: 'DELETE', ...templateCredentials(id) })
  forgetTemplateOwner(id)
}

/**
 * Whether this browser may export template `id`'s file and delete it (if imported): it
 * imported it, or it holds the server's secret.
 */
export function holdsTemplateRights(id: string): boolean {
  return templateOwnerToken(id) !== undefined || window.localStorage.getItem(SECRET_KEY) !== null
}

/** Headers that carry a session token: always in `Authorization`, never in a URL (URLs end up in logs). */
function withToken(token: string): HeadersInit {
  return { authorization: `Bearer ${token}` }
}

/**
 * `GET /api/sessions/:id/recording`: the session's recording as `token` may read it (notes
 * and scorecard only for the interviewer or a replay link that includes them).
 */
export async function fetchRecording(sessionId: string, token: string): Promise<Recording> {
  const response = await call(`/api/sessions/${encodeURIComponent(sessionId)}/recording`, {
    headers: withToken(token),
  })
  return parseRecording(await readJson(response, 'a recording'))
}

/**
 * `GET /api/sessions/:id/report`: the session report as `token` may read it (scores, verdict and
 * notes only for a link that may read the notes).
 */
export async function fetchReport(sessionId: string, token: string): Promise<Report> {
  const response = await call(`/api/sessions/${encodeURIComponent(sessionId)}/report`, {
    headers: withToken(token),
  })
  return parseAnswer(response, reportSchema, 'a report')
}

/** `GET /api/sessions/:id/recording/outline`: the recording without the board's bytes, to open a replay on. */
export async function fetchRecordingOutline(sessionId: string, token: string): Promise<RecordingOutline> {
  const response = await call(`/api/sessions/${encodeURIComponent(sessionId)}/recording/outline`, {
    headers: withToken(token),
  })
  return parseOutline(await readJson(response, 'a recording outline'))
}

/**
 * The bytes of a recording over HTTP, fetched as a replay needs them:
 * `GET .../recording/log?after=&limit=` and `GET .../recording/checkpoints/:seq`.
 */
export function httpRecordingSource(sessionId: string, token: string): RecordingSource {
  const base = `/api/sessions/${encodeURIComponent(sessionId)}/recording`
  return {
    async logPage(afterSeq, limit) {
      const response = await call(`${base}/log?after=${afterSeq}&limit=${limit}`, {
        headers: withToken(token),
      })
      return parseLogPage(await readJson(response, 'a page of the recording'))
    },
    async checkpoint(seq) {
      const response = await call(`${base}/checkpoints/${seq}`, { headers: withToken(token) })
      return new Uint8Array(await response.arrayBuffer())
    },
  }
}

/**
 * `POST /api/sessions/:id/replay-links`: a new replay link, with the caller's notes and
 * scorecard or without, with the recorded voices or without; with `replace`, the earlier
 * links of that kind stop working.
 */
export async function createReplayLink(
  sessionId: string,
  token: string,
  includePrivate: boolean,
  replace = false,
  includeVoices = false,
): Promise<string> {
  const response = await call(`/api/sessions/${encodeURIComponent(sessionId)}/replay-links`, {
    method: 'POST',
    headers: withToken(token),
    body: JSON.stringify({ includePrivate, replace, includeVoices }),
  })
  return (await parseAnswer(response, replayLinkResponseSchema, 'a replay link')).link
}

/** `DELETE /api/sessions/:id/replay-links`: revokes every replay link of the session; answers how many. */
export async function revokeReplayLinks(sessionId: string, token: string): Promise<number> {
  const response = await call(`/api/sessions/${encodeURIComponent(sessionId)}/replay-links`, {
    method: 'DELETE',
    headers: withToken(token),
  })
  return (await parseAnswer(response, revokedReplayLinksSchema, 'the revoked links')).revoked
}

/** `GET /api/sessions/:id/summary`: a past session as the library lists it. */
export async function fetchSessionSummary(sessionId: string, token: string): Promise<SessionSummary> {
  const response = await call(`/api/sessions/${encodeURIComponent(sessionId)}/summary`, {
    headers: withToken(token),
  })
  return parseAnswer(response, sessionSummarySchema, "a session's summary")
}

/** `DELETE /api/sessions/:id`: deletes the session and everything of it (interviewer link only). */
export async function deleteSession(sessionId: string, token: string): Promise<void> {
  await call(`/api/sessions/${encodeURIComponent(sessionId)}`, {
    method: 'DELETE',
    headers: withToken(token),
  })
}

/** `POST /api/archives`: imports an archive file's text as a new session; answers its replay link. */
export async function importArchive(text: string): Promise<ImportedArchive> {
  const response = await call('/api/archives', { method: 'POST', body: text })
  return parseAnswer(response, importedArchiveSchema, 'an imported archive')
}

import type { CreateSessionResponse, Template } from '@roofline/shared'
import { defaultTemplateId, loadBuiltInTemplates, sourceTitles } from '@roofline/templates'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { createSession, type LinkRole, tokenOf } from '../support/sessionApi.ts'
import { waitFor } from '../support/yClient.ts'

/**
 * Wire checks for hidden material on the default configuration (a server process as
 * `pnpm start` runs it, the built-in templates, no access secret): template files and the
 * hidden parts of a template (answers, cards, rubric) reach only a seat that interviews with it.
 */
const builtIn = loadBuiltInTemplates()
const byId = (id: string) => builtIn.find((t) => t.id === id) as Template
const first = byId(defaultTemplateId)
const second = builtIn.find((t) => t.id !== defaultTemplateId) as Template

/** Every hidden string of `template`: the answers, every card's body, every rubric line. */
function hiddenStrings(template: Template): string[] {
  return [
    ...template.clarifyingQuestions.map((q) => q.answer),
    ...template.cards.map((c) => c.body),
    ...template.rubric.flatMap((r) => [r.strong, r.failure]),
  ]
}

/** The hidden strings of `template` found in `text` (JSON-escaped, as the wire carries them). */
function leaked(text: string, template: Template): string[] {
  return hiddenStrings(template).filter((s) => text.includes(JSON.stringify(s).slice(1, -1)))
}

describe('hidden material on the default configuration', () => {
  let server: ServerProcess
  let dataDir: string
  const controls: ControlClient[] = []
  beforeAll(async () => {
    dataDir = makeDataDir()
    server = await startServerProcess(dataDir)
  })
  afterEach(() => {
    for (const c of controls.splice(0)) c.close()
  })
  afterAll(async () => {
    await server.stop()
    removeDataDir(dataDir)
  })

  const bearer = (link: string) => ({ authorization: `Bearer ${tokenOf(link)}` })
  const templateFile = (id: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/templates/${id}/file`, { headers })
  async function control(session: CreateSessionResponse, role: LinkRole) {
    const client = await connectControlClient(server.url, session.id, tokenOf(session.links[role]))
    controls.push(client)
    await waitFor(() => client.states.length > 0, `${role} receives the session state`)
    return client
  }

  it('refuses a template file to an anonymous request, and to the candidate and observer of a session using it', async () => {
    const session = await createSession(server.url, { templateId: first.id })
    const anonymous = await templateFile(first.id)
    expect(anonymous.status).toBe(401)
    const anonymousBody = await anonymous.text()
    expect(leaked(anonymousBody, first)).toEqual([])
    expect(JSON.parse(anonymousBody).error).toMatch(/interviewer/)
    for (const role of ['candidate', 'observer'] as const) {
      const refused = await templateFile(first.id, bearer(session.links[role]))
      expect(refused.status, role).toBe(403)
      expect(leaked(await refused.text(), first), role).toEqual([])
    }
    // A made-up token is no better than none.
    expect((await templateFile(first.id, { authorization: `Bearer ${'x'.repeat(43)}` })).status).toBe(401)
  })

  it("gives the file to the interviewer of a session using it, and not of another template's session", async () => {
    const session = await createSession(server.url, { templateId: first.id })
    const allowed = await templateFile(first.id, bearer(session.links.interviewer))
    expect(allowed.status).toBe(200)
    expect(await allowed.json()).toMatchObject({
      id: first.id,
      rubric: first.rubric,
      cards: first.cards,
      clarifyingQuestions: first.clarifyingQuestions,
    })
    const other = await templateFile(second.id, bearer(session.links.interviewer))
    expect(other.status).toBe(403)
    expect(leaked(await other.text(), second)).toEqual([])
  })

  it('keeps template file names and hidden parts out of the candidate’s and observer’s state, and out of the public start', async () => {
    const session = await createSession(server.url, { templateId: first.id })
    const interviewer = await control(session, 'interviewer')
    const candidate = await control(session, 'candidate')
    const observer = await control(session, 'observer')
    await waitFor(() => interviewer.privates.some((p) => p !== null), 'interviewer gets the private state')
    for (const [who, client] of [
      ['candidate', candidate],
      ['observer', observer],
    ] as const) {
      const wire = client.wire.join('\n')
      expect(wire, who).toContain(first.title)
      expect(wire, `${who} state names no template file`).not.toContain(first.id)
      expect(leaked(wire, first), who).toEqual([])
      expect(client.latest(), who).not.toHaveProperty('templateId')
      // The guides the template comes from, by title: never the files they are kept in.
      for (const file of first.sources) expect(wire, `${who} state names no guide file`).not.toContain(file)
      expect(client.latest()?.sources, who).toEqual(sourceTitles(first.sources))
    }
    // The board's start (presets, starter diagram) comes from the session, by token.
    const start = await fetch(`${server.url}/api/sessions/${session.id}/start`, {
      headers: bearer(session.links.candidate),
    })
    expect(start.status).toBe(200)
    const startText = await start.text()
    expect(startText).not.toContain(first.id)
    expect(leaked(startText, first)).toEqual([])
    expect(JSON.parse(startText).templateId).toBe(candidate.latest()?.templateKey)
    expect((await fetch(`${server.url}/api/sessions/${session.id}/start`)).status).toBe(401)

    // The recording (and so the archive and the replay) names the guides by title for a replay
    // link, which is what a candidate is sent; the interviewer's own archive keeps the template
    // as stored. (The candidate's and observer's session links do not open the recording.)
    const recording = (token: string) =>
      fetch(`${server.url}/api/sessions/${session.id}/recording`, {
        headers: { authorization: `Bearer ${token}` },
      })
    expect((await recording(tokenOf(session.links.candidate))).status).toBe(403)
    for (const includePrivate of [false, true]) {
      const created = await fetch(`${server.url}/api/sessions/${session.id}/replay-links`, {
        method: 'POST',
        headers: { ...bearer(session.links.interviewer), 'content-type': 'application/json' },
        body: JSON.stringify({ includePrivate, replace: false }),
      })
      expect(created.status).toBe(201)
      const { link } = (await created.json()) as { link: string }
      const response = await recording(tokenOf(link))
      expect(response.status).toBe(200)
      const text = await response.text()
      for (const file of first.sources) expect(text, 'a replay link names no guide file').not.toContain(file)
      expect(text).toContain(JSON.stringify(sourceTitles(first.sources)[0]))
    }
    const own = await (await recording(tokenOf(session.links.interviewer))).text()
    for (const file of first.sources) expect(own).toContain(file)
  })

  it('peer mode: a seat reads the rubric, answers and cards of a template only for rounds it interviews', async () => {
    const session = await createSession(server.url, { templateId: first.id, mode: 'peer' })
    const host = await control(session, 'interviewer')
    const guest = await control(session, 'candidate')
    const recording = async (role: LinkRole) => {
      const response = await fetch(`${server.url}/api/sessions/${session.id}/recording`, {
        headers: bearer(session.links[role]),
      })
      expect(response.status, role).toBe(200)
      return response.text()
    }
    const outline = async (role: LinkRole) =>
      (
        await fetch(`${server.url}/api/sessions/${session.id}/recording/outline`, {
          headers: bearer(session.links[role]),
        })
      ).text()
    const report = async (role: LinkRole) =>
      (
        await fetch(`${server.url}/api/sessions/${session.id}/report`, {
          headers: bearer(session.links[role]),
        })
      ).text()
    // Round 1: the host interviews on the first template.
    expect(leaked(await recording('candidate'), first)).toEqual([])
    expect(leaked(await outline('candidate'), first)).toEqual([])
    expect(leaked(await report('candidate'), first)).toEqual([])
    expect(await recording('interviewer')).toContain(JSON.stringify(first.rubric[0]?.strong).slice(1, -1))
    expect((await templateFile(first.id, bearer(session.links.candidate))).status).toBe(403)

    // Round 2: the guest interviews on the second.
    expect(await host.send('session:swap', {})).toMatchObject({ ok: true })
    await waitFor(() => guest.latest()?.you.role === 'interviewer', 'the guest interviews round 2')
    expect(await guest.send('session:template', { templateId: second.id })).toMatchObject({ ok: true })
    await waitFor(() => host.latest()?.title === second.title, 'round 2 on the second template')
    const guestsNow = await recording('candidate')
    expect(guestsNow).toContain(JSON.stringify(second.rubric[0]?.strong).slice(1, -1))
    expect(leaked(guestsNow, first)).toEqual([])
    const hostsNow = await recording('interviewer')
    expect(leaked(hostsNow, second)).toEqual([])
    // The report prints the rubric's signals of the rounds its reader interviewed, and no other.
    expect(await report('candidate')).toContain(JSON.stringify(second.rubric[0]?.strong).slice(1, -1))
    expect(leaked(await report('candidate'), first)).toEqual([])
    expect(leaked(await report('interviewer'), second)).toEqual([])
    expect((await templateFile(second.id, bearer(session.links.candidate))).status).toBe(200)
    expect((await templateFile(second.id, bearer(session.links.interviewer))).status).toBe(403)
    expect(leaked(host.wire.join('\n'), second)).toEqual([])
  })
})

import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { CreateSessionResponse } from '@roofline/shared'
import { parseRecording, type Recording, type Report, reportSchema } from '@roofline/shared/replay'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ControlClient, connectControlClient } from '../support/controlClient.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { removeDataDir } from '../support/serverProcess.ts'
import { createReplayLink, createSession, fetchRecording, tokenOf } from '../support/sessionApi.ts'
import { waitFor } from '../support/yClient.ts'

/**
 * A session keeps the templates it used (`template-kept` events), so its recording never
 * depends on the template catalog: a round on an imported template keeps its rubric after the
 * template is deleted, an archive round-trips templates, rubrics and notes, and the kept
 * whole template (hidden cards and answers) never reaches anyone without the right to it.
 */
const importedTemplate = {
  schemaVersion: 1,
  id: 'kept-vector-search',
  title: 'Kept: vector search at 50k QPS',
  prompt: 'Design approximate nearest-neighbour search over 2 billion embeddings at 50k QPS.',
  sources: ['003_375e4669547009bf.txt'],
  tags: ['rag'],
  level: 'senior',
  lens: 'scale and speed',
  clarifyingQuestions: [
    { id: 'dims', question: 'How many dimensions?', answer: 'HIDDEN-ANSWER 768 dimensions, fp16' },
    { id: 'recall-target', question: 'What recall?', answer: 'OPEN-ANSWER recall@10 of 0.95' },
  ],
  cards: [
    {
      id: 'shard-loss',
      kind: 'stress-test',
      title: 'A shard dies',
      body: 'HIDDEN-CARD one of 64 shards is gone',
    },
  ],
  rubric: [
    {
      id: 'memory',
      title: 'KEPT-RUBRIC sizes the index',
      strong: 'Computes 2e9 x 768 x 2 B',
      failure: 'Guesses',
    },
    {
      id: 'recall',
      title: 'KEPT-RUBRIC trades recall for speed',
      strong: 'Names HNSW knobs',
      failure: 'None',
    },
  ],
}

async function importArchive(server: RunningServer, text: string) {
  const response = await fetch(`${server.url}/api/archives`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  })
  expect(response.status).toBe(201)
  const answer = (await response.json()) as { id: string; replayLink: string }
  return { id: answer.id, token: tokenOf(answer.replayLink) }
}

/** What an archive says of templates, rubrics and notes (the parts a round trip must keep). */
function keptParts(recording: Recording) {
  return {
    templates: recording.session.templates,
    startTemplateId: recording.session.startTemplateId,
    rounds: recording.private?.rounds.map(({ round, interviewer, templateId, rubric, notes, scores }) => ({
      round,
      interviewer,
      templateId,
      rubric,
      notes: notes.map(({ text, round: noteRound, sessionClockMs }) => ({ text, noteRound, sessionClockMs })),
      scores,
    })),
    whole: recording.private?.templates,
  }
}

describe('templates kept by the session, not read from the catalog', () => {
  let server: RunningServer
  let fresh: RunningServer
  let session: CreateSessionResponse
  let host: ControlClient
  let guest: ControlClient
  let archiveText: string

  beforeAll(async () => {
    server = await startServer()
    fresh = await startServer()
    const posted = await fetch(`${server.url}/api/templates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(importedTemplate),
    })
    expect(posted.status, await posted.clone().text()).toBe(201)
    const { ownerToken } = (await posted.json()) as { ownerToken: string }

    // A peer session: Ana interviews round 1 on the imported template, Ben round 2 on another.
    session = await createSession(server.url, {
      mode: 'peer',
      templateId: importedTemplate.id,
      names: { interviewer: 'Ana', candidate: 'Ben' },
    })
    host = await connectControlClient(server.url, session.id, tokenOf(session.links.interviewer))
    guest = await connectControlClient(server.url, session.id, tokenOf(session.links.candidate))
    expect(await host.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
    expect(await host.send('card:reveal', { itemId: 'recall-target' })).toMatchObject({ ok: true })
    expect(await host.send('note:add', { text: 'KEPT-NOTE sized the index first' })).toMatchObject({
      ok: true,
    })
    expect(
      await host.send('score:set', { criterionId: 'memory', score: 4, comment: 'KEPT-SCORE exact' }),
    ).toMatchObject({ ok: true })
    expect(await host.send('session:swap', {})).toMatchObject({ ok: true })
    await waitFor(() => guest.latest()?.round === 2, 'round 2 reaches Ben')
    expect(await guest.send('session:template', { templateId: 'fixture-serving' })).toMatchObject({
      ok: true,
    })
    expect(await guest.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
    expect(await guest.send('note:add', { text: 'KEPT-NOTE round two' })).toMatchObject({ ok: true })
    expect(await guest.send('session:end', {})).toMatchObject({ ok: true })
    await waitFor(() => host.latest()?.endedAt != null, 'the session ends')

    // The template goes from the catalog; the session must not notice.
    const deleted = await fetch(`${server.url}/api/templates/${importedTemplate.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ownerToken}` },
    })
    expect(deleted.status).toBe(204)
  })

  afterAll(async () => {
    host?.close()
    guest?.close()
    await server.close()
    await fresh.close()
  })

  it("keeps a past round's rubric and whole template after its template is deleted", async () => {
    const answer = await fetchRecording(server, session.id, tokenOf(session.links.interviewer))
    expect(answer.status).toBe(200)
    archiveText = answer.text
    const recording = parseRecording(JSON.parse(answer.text))
    const round1 = recording.private?.rounds.find((r) => r.round === 1)
    expect(round1?.templateId).toBe(importedTemplate.id)
    expect(round1?.rubric).toEqual(importedTemplate.rubric)
    expect(round1?.scores.memory?.score).toBe(4)
    expect(recording.session.templates.map((t) => t.id)).toEqual([importedTemplate.id, 'fixture-serving'])
    // The whole template as the round used it, cut down to what was revealed.
    const whole = recording.private?.templates.find((t) => t.id === importedTemplate.id)
    expect(whole?.rubric).toEqual(importedTemplate.rubric)
    expect(whole?.clarifyingQuestions.map((q) => q.id)).toEqual(['recall-target'])
    expect(whole?.cards).toEqual([])

    const report = await fetch(`${server.url}/api/sessions/${session.id}/report`, {
      headers: { authorization: `Bearer ${tokenOf(session.links.interviewer)}` },
    })
    expect(report.status).toBe(200)
    const parsed: Report = reportSchema.parse(await report.json())
    expect(parsed.rounds[0]?.scorecard?.criteria.map((c) => c.title)).toEqual(
      importedTemplate.rubric.map((item) => item.title),
    )
  })

  it('round-trips templates, rubrics and notes: export, import, export', async () => {
    const original = parseRecording(JSON.parse(archiveText))
    const copy = await importArchive(fresh, archiveText)
    const again = parseRecording(JSON.parse((await fetchRecording(fresh, copy.id, copy.token)).text))
    expect(keptParts(again)).toEqual(keptParts(original))
    expect(keptParts(again).rounds?.[0]?.rubric).toEqual(importedTemplate.rubric)
    // And once more through a version 1 archive (public templates and the scorecard's rubric only).
    const v1 = {
      ...JSON.parse(archiveText),
      version: 1,
      private: { rounds: JSON.parse(archiveText).private.rounds },
    }
    const oldCopy = await importArchive(fresh, JSON.stringify(v1))
    const oldAgain = parseRecording(JSON.parse((await fetchRecording(fresh, oldCopy.id, oldCopy.token)).text))
    expect({ ...keptParts(oldAgain), whole: undefined }).toEqual({ ...keptParts(original), whole: undefined })
    expect(oldAgain.private?.templates).toEqual([])
  })

  it('never gives the kept whole template to a candidate, an observer or a link without notes', async () => {
    const hidden = ['HIDDEN-ANSWER', 'HIDDEN-CARD', 'KEPT-RUBRIC', 'KEPT-NOTE', 'KEPT-SCORE', 'template-kept']
    // Ben interviewed round 2, so his seat reads round 2 only: never Ana's rubric, notes or template.
    const guestAnswer = await fetchRecording(server, session.id, tokenOf(session.links.candidate))
    expect(guestAnswer.status).toBe(200)
    for (const word of [...hidden.filter((w) => w !== 'KEPT-NOTE'), 'sized the index']) {
      expect(guestAnswer.text, word).not.toContain(word)
    }
    const observer = await fetchRecording(server, session.id, tokenOf(session.links.observer))
    expect(observer.status).toBe(403)
    const plain = await createReplayLink(server.url, session.id, tokenOf(session.links.interviewer), false)
    const plainAnswer = await fetchRecording(server, session.id, tokenOf(plain))
    expect(plainAnswer.status).toBe(200)
    for (const word of hidden) expect(plainAnswer.text, word).not.toContain(word)
    expect(plainAnswer.text).toContain('OPEN-ANSWER') // revealed, hence public
    const outline = await fetch(`${server.url}/api/sessions/${session.id}/recording/outline`, {
      headers: { authorization: `Bearer ${tokenOf(plain)}` },
    })
    const outlineText = await outline.text()
    for (const word of hidden) expect(outlineText, word).not.toContain(word)
    const report = await fetch(`${server.url}/api/sessions/${session.id}/report?format=markdown`, {
      headers: { authorization: `Bearer ${tokenOf(plain)}` },
    })
    const reportText = await report.text()
    for (const word of hidden) expect(reportText, word).not.toContain(word)

    // Even the interviewer's own archive never holds what no candidate saw.
    for (const word of ['HIDDEN-ANSWER', 'HIDDEN-CARD', 'template-kept']) {
      expect(archiveText, word).not.toContain(word)
    }
    // The imported copy's plain link the same.
    const copy = await importArchive(fresh, archiveText)
    const copyPlain = await createReplayLink(fresh.url, copy.id, copy.token, false)
    const copyAnswer = await fetchRecording(fresh, copy.id, tokenOf(copyPlain))
    for (const word of hidden) expect(copyAnswer.text, word).not.toContain(word)
  })
})

/** Runs `sql` with `params` on the SQLite file of a stopped server. */
function editStore(dataDir: string, sql: string, ...params: Array<string | number>) {
  const db = new DatabaseSync(path.join(dataDir, 'roofline.sqlite'))
  try {
    db.prepare(sql).run(...params)
  } finally {
    db.close()
  }
}

/** A recording without the moment it was read. */
const stable = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), exportedAt: 0 })

describe('sessions stored before templates were kept', () => {
  it('replays an old live session and an old imported one exactly as the new ones', async () => {
    let live = await startServer()
    let copyServer = await startServer()
    // A restarted server runs on its first data directory, which its own close() leaves.
    const dataDirs = [live.dataDir, copyServer.dataDir]
    try {
      const session = await createSession(live.url, { names: { interviewer: 'Ana', candidate: 'Ben' } })
      const token = tokenOf(session.links.interviewer)
      const host = await connectControlClient(live.url, session.id, token)
      expect(await host.send('timer:command', { command: 'start' })).toMatchObject({ ok: true })
      expect(await host.send('card:reveal', { itemId: 'budget' })).toMatchObject({ ok: true })
      expect(await host.send('note:add', { text: 'OLD-NOTE' })).toMatchObject({ ok: true })
      expect(
        await host.send('score:set', { criterionId: 'clarify', score: 2, comment: 'OLD-SCORE' }),
      ).toMatchObject({ ok: true })
      expect(await host.send('session:end', {})).toMatchObject({ ok: true })
      host.close()
      const before = await fetchRecording(live, session.id, token)
      expect(before.status).toBe(200)
      expect(parseRecording(JSON.parse(before.text)).private?.rounds[0]?.rubric.length).toBeGreaterThan(0)

      // The live session as a server before this change stored it: no kept templates.
      await live.app.close()
      editStore(
        live.dataDir,
        "DELETE FROM session_event WHERE session_id = ? AND type = 'template-kept'",
        session.id,
      )
      live = await startServer({ ROOFLINE_DATA_DIR: live.dataDir })
      const oldLive = await fetchRecording(live, session.id, token)
      expect(stable(oldLive.text)).toEqual(stable(before.text))

      // An import as a server before this change stored it: the archive's templates in
      // `imported`. A version 1 archive, which carried no whole template: the session's own
      // template is then a placeholder the recording must not read.
      const json = JSON.parse(before.text) as { private: { rounds: unknown[] } }
      const v1 = JSON.stringify({ ...json, version: 1, private: { rounds: json.private.rounds } })
      const copy = await importArchive(copyServer, v1)
      const imported = await fetchRecording(copyServer, copy.id, copy.token)
      const archive = parseRecording(JSON.parse(before.text))
      await copyServer.app.close()
      const db = new DatabaseSync(path.join(copyServer.dataDir, 'roofline.sqlite'), { readOnly: true })
      const row = db.prepare('SELECT data FROM session WHERE id = ?').get(copy.id) as { data: string }
      db.close()
      const data = JSON.parse(row.data) as { imported: Record<string, unknown> }
      data.imported = {
        ...data.imported,
        templates: archive.session.templates,
        startTemplateId: archive.session.startTemplateId,
        rubrics: Object.fromEntries((archive.private?.rounds ?? []).map((r) => [r.templateId, r.rubric])),
      }
      editStore(copyServer.dataDir, 'UPDATE session SET data = ? WHERE id = ?', JSON.stringify(data), copy.id)
      editStore(
        copyServer.dataDir,
        "DELETE FROM session_event WHERE session_id = ? AND type = 'template-kept'",
        copy.id,
      )
      copyServer = await startServer({ ROOFLINE_DATA_DIR: copyServer.dataDir })
      const oldImported = await fetchRecording(copyServer, copy.id, copy.token)
      expect(oldImported.status).toBe(200)
      expect(stable(oldImported.text)).toEqual(stable(imported.text))
      expect(parseRecording(JSON.parse(oldImported.text)).private?.templates).toEqual([])
      expect(parseRecording(JSON.parse(imported.text)).private?.rounds[0]?.rubric).toEqual(
        archive.private?.rounds[0]?.rubric,
      )
      const summary = await fetch(`${copyServer.url}/api/sessions/${copy.id}/summary`, {
        headers: { authorization: `Bearer ${copy.token}` },
      })
      expect(await summary.json()).toMatchObject({ imported: true, title: 'Fixture: serve a 70B model' })
    } finally {
      await live.close()
      await copyServer.close()
      for (const dir of dataDirs) removeDataDir(dir)
    }
  })
})

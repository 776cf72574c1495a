import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixtureTemplates } from '../support/fixtureTemplates.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'

const imported = {
  schemaVersion: 1,
  id: 'my-vector-search',
  title: 'My team: vector search at 50k QPS',
  prompt: 'Design approximate nearest-neighbour search over 2 billion embeddings at 50k QPS.',
  sources: ['003_375e4669547009bf.txt'],
  tags: ['rag'],
  level: 'senior',
  lens: 'scale and speed',
  clarifyingQuestions: [
    { id: 'dims', question: 'How many dimensions?', answer: 'HIDDEN-768 dimensions, fp16' },
  ],
  cards: [
    { id: 'shard-loss', kind: 'stress-test', title: 'A shard dies', body: 'HIDDEN-one of 64 shards is gone' },
  ],
  rubric: [
    { id: 'memory', title: 'Sizes the index', strong: 'Computes 2e9 x 768 x 2 B', failure: 'Guesses' },
  ],
}

describe('custom templates', () => {
  let server: RunningServer
  beforeEach(async () => {
    server = await startServer()
  })
  afterEach(async () => {
    await server.close()
  })
  const post = (body: unknown, raw?: string) =>
    fetch(`${server.url}/api/templates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ?? JSON.stringify(body),
    })
  const list = async () =>
    (await (await fetch(`${server.url}/api/templates`)).json()) as Array<{ id: string; custom: boolean }>

  it('imports a template, lists it beside the built-in ones, exports it again, and starts a session on it', async () => {
    const response = await post(imported)
    expect(response.status).toBe(201)
    const { ownerToken } = (await response.json()) as { ownerToken: string }
    expect((await list()).map((t) => [t.id, t.custom])).toEqual(
      expect.arrayContaining([
        ['my-vector-search', true],
        [fixtureTemplates[0]?.id, false],
      ]),
    )
    const listed = JSON.stringify(await list())
    expect(listed).not.toContain('HIDDEN-')
    // The list shows the guide's title; the file name stays in the template's own file.
    expect(listed).not.toContain('.txt')
    expect(listed).toContain('Anthropic LLM Engineer Interview: Claude Team Real Interview Questions')
    // The file, hidden material included, goes back to whoever imported it (and no one else).
    expect((await fetch(`${server.url}/api/templates/my-vector-search/file`)).status).toBe(401)
    const exported = await fetch(`${server.url}/api/templates/my-vector-search/file`, {
      headers: { authorization: `Bearer ${ownerToken}` },
    })
    expect(exported.headers.get('content-disposition')).toContain('my-vector-search.json')
    expect(await exported.json()).toMatchObject({ ...imported, phases: expect.any(Array) })
    const session = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ templateId: 'my-vector-search' }),
    })
    expect(session.status).toBe(201)
  })

  it('keeps imported templates across a restart of the server on the same data', async () => {
    expect((await post(imported)).status).toBe(201)
    // One server per data directory: the first stops before the second starts.
    await server.app.close()
    const again = await startServer({ ROOFLINE_DATA_DIR: server.dataDir })
    try {
      expect((await (await fetch(`${again.url}/api/templates`)).json()) as unknown[]).toContainEqual(
        expect.objectContaining({ id: 'my-vector-search', custom: true }),
      )
    } finally {
      await again.app.close()
    }
  })

  it('refuses a bad file naming the field and the reason, and stores nothing', async () => {
    const before = await list()
    const cases: Array<[unknown, RegExp]> = [
      [{ ...imported, level: 'wizard' }, /level/],
      [{ ...imported, title: '<script>alert(1)</script>' }, /title: markup is not allowed/],
      [{ ...imported, rubric: [] }, /rubric/],
      [
        {
          ...imported,
          cards: [{ id: 'x', kind: 'follow-up', title: 'T', body: '<img src=x onerror=alert(1)>' }],
        },
        /cards\.0\.body/,
      ],
      [{ ...imported, extra: true }, /extra|Unrecognized/],
    ]
    for (const [body, field] of cases) {
      const response = await post(body)
      expect(response.status).toBe(400)
      const answer = (await response.json()) as { error: string; issues: string[] }
      expect(answer.issues.join('\n')).toMatch(field)
    }
    expect((await post(null, '{"schemaVersion": 1, "id": ')).status).toBe(400)
    expect((await post({ ...imported, prompt: 'x'.repeat(300_000) })).status).toBe(413)
    expect((await post({ ...imported, id: fixtureTemplates[0]?.id })).status).toBe(409)
    expect(await list()).toEqual(before)
  })

  it('needs the server secret to import or export when one is set', async () => {
    const guarded = await startServer({ ROOFLINE_CREATE_SECRET: 'correct horse battery staple' })
    try {
      const response = await fetch(`${guarded.url}/api/templates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(imported),
      })
      expect(response.status).toBe(401)
      expect((await fetch(`${guarded.url}/api/templates/fixture-serving/file`)).status).toBe(401)
      const allowed = await fetch(`${guarded.url}/api/templates/fixture-serving/file`, {
        headers: { authorization: 'Bearer correct horse battery staple' },
      })
      expect(allowed.status).toBe(200)
    } finally {
      await guarded.close()
    }
  })
})

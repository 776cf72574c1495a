import { templateListSchema, templateStartSchema } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import { ApiError, parseAnswer } from './api.ts'

/** An answer as `fetch` gives it: a real `Response` with this body. */
const answer = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'application/json' } })

/** The ApiError `pending` fails with (the test fails if it succeeds or fails otherwise). */
async function refusal(pending: Promise<unknown>): Promise<ApiError> {
  const caught = await pending.then(
    () => null,
    (error: unknown) => error,
  )
  expect(caught).toBeInstanceOf(ApiError)
  return caught as ApiError
}

const summary = {
  id: 'llm-serving',
  title: 'Serve an LLM',
  prompt: 'Design it.',
  tags: ['inference'],
  level: 'senior',
  lens: 'serving',
  sources: [],
  custom: false,
  phases: [{ id: 'clarify', title: 'Clarify', minutes: 5 }],
  counts: { clarifyingQuestions: 2, cards: 1, rubric: 3 },
}

describe('answers the client reads from the server', () => {
  it('reads a template list of the shared shape', async () => {
    expect(
      await parseAnswer(answer(JSON.stringify([summary])), templateListSchema, 'a template list'),
    ).toEqual([summary])
  })

  it('turns a malformed template list into an ApiError naming what is wrong, not data of the wrong shape', async () => {
    const malformed = [{ ...summary, tags: 'inference', counts: undefined }]
    const error = await refusal(
      parseAnswer(answer(JSON.stringify(malformed)), templateListSchema, 'a template list'),
    )
    expect(error.message).toBe('The server sent a template list this page cannot read.')
    expect(error.issues.join('\n')).toMatch(/0\.tags/)
    expect(error.issues.join('\n')).toMatch(/0\.counts/)
  })

  it('turns an answer that is not JSON (a proxy page) into an ApiError', async () => {
    const error = await refusal(
      parseAnswer(answer('<html>Bad gateway</html>'), templateStartSchema, "a session's start"),
    )
    expect(error.message).toBe("The server sent a session's start that is not JSON.")
  })
})

import { type Browser, expect, test } from '@playwright/test'
import { createSession } from '../support/sessionApi.ts'
import { launchWithMicrophone, openVoicePage, shootBothSizes } from './voiceSteps.ts'

const browsers: Browser[] = []
test.afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close()
})

test('a blocked microphone says so, and the person still listens in voice', async ({ baseURL }) => {
  const session = await createSession(baseURL as string, { names: { interviewer: 'Ana', candidate: 'Ben' } })
  const browser = await launchWithMicrophone({ deny: true })
  browsers.push(browser)
  const ben = await openVoicePage(browser, session.links.candidate)
  // Nothing is asked before Join voice.
  await expect(ben.getByTestId('voice-join')).toBeVisible()
  await ben.getByTestId('voice-join').click()
  await expect(ben.getByTestId('voice-problem')).toContainText('Microphone blocked')
  await expect(ben.getByTestId('voice-listening')).toHaveAttribute('data-problem', 'denied')
  await expect(ben.getByTestId('voice-mute')).toHaveCount(0)
  await shootBothSizes(ben, 'voice-denied')
})

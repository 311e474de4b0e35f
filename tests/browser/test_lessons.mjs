// A lesson and a quiz worked through with real clicks, and the saved progress surviving a
// reload (browser storage).
import { startApp, state, clickItem, frames, check, outDir } from './browser_helpers.mjs';
import path from 'node:path';
import fs from 'node:fs';

const profile = fs.mkdtempSync('/tmp/mailsim-profile-');
const app = await startApp({ query: '#lang=ko', userDataDir: profile });
try {
  const { page } = app;
  let s = await state(page);
  check(s.lesson.lessons >= 13, `13 lessons are loaded (${s.lesson.lessons})`);
  check(s.lesson.problems.length === 0, `lesson files load without problems (${s.lesson.problems})`);

  await clickItem(page, 'lesson.open.smtp-session');
  await frames(page, 3);
  s = await state(page);
  check(s.lesson.id === 'smtp-session', 'clicking a lesson opens it');
  check(s.scenario === 'alice-bob', 'the lesson loads its scenario');
  const first = s.event_index;
  check(first > 0, `the first step ran the world to its event (#${first})`);

  for (let i = 0; i < 3; ++i) {
    await clickItem(page, 'lesson.next');
    await frames(page, 2);
  }
  s = await state(page);
  check(s.lesson.step === 3, `three clicks on Next reach step 4 (step index ${s.lesson.step})`);
  check(s.event_index > first, 'each step moves the world on');
  await page.screenshot({ path: path.join(outDir, 'web-lesson-ko.png') });

  // A quiz: the pre-test, first question answered with a click.
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.quiz');
  await clickItem(page, 'quiz.open.pretest');
  s = await state(page);
  check(s.quiz.id === 'pretest', 'the pre-test opens');
  await clickItem(page, 'quiz.choice.0');
  await clickItem(page, 'quiz.check');
  s = await state(page);
  check(s.quiz.answered === true, 'checking an answer shows the result and explanation');
  await clickItem(page, 'quiz.next');
  s = await state(page);
  check(s.quiz.current === 1, 'Next moves to the second question');
  await page.screenshot({ path: path.join(outDir, 'web-quiz-ko.png') });

  // Reload the page: the lesson's progress is still there (browser storage).
  await page.goto(app.url);
  await page.waitForFunction(() => window.mailsim && window.mailsim.ready === true, null, { timeout: 60000 });
  s = await state(page);
  const lesson = s.progress.lessons && s.progress.lessons['smtp-session'];
  check(!!lesson, 'progress for the lesson survives a reload');
  check(lesson.steps_done.length >= 3, `three finished steps are remembered (${JSON.stringify(lesson.steps_done)})`);
} finally {
  await app.close();
}

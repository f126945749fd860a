// The joined-up self-assessment journey: a task list of sections, one page per section with save and come back later,
// check your answers, and submit. Every page reads or changes the person's record, so each is authorised and audited.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type Question, type QuestionSet, type Section, describeAnswer, idSchema, missingAnswers, pageOfQuestion, sectionPages, visibleQuestions } from '../../domain/assessment/question-set.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type LoadedPerson, loadPerson } from '../../platform/person-access.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { assessmentInProgress, hasDecisions, latestAssessment } from '../../records/assessments.ts';
import type { Services } from '../../services.ts';
import { type StoredAnswers, questionSetOf, saveAnswers, startAssessment, storedAnswers } from './assessment-service.ts';
import { assessmentPaths } from './paths.ts';
import { type SectionProgress, formValue, questionField, readSection, sectionProgress, sectionStatusNames, storedFormValues } from './section-form.ts';
import { submitAssessment } from './submission.ts';
import type { PersonRef } from '../../records/people.ts';

const sectionParams = z.object({ sectionId: idSchema });

/** Whether the section was opened from check your answers, so saving it goes back there (a value sent twice counts). */
function returnsToCheck(value: unknown): boolean {
  return value === 'check' || (Array.isArray(value) && value.includes('check'));
}

const taskListQuery = z.object({ saved: z.literal('all').optional().catch(undefined) });
/**
 * `returnTo=check` from a change link on check your answers; `added=1` when the last answer revealed more questions;
 * `page` for the second and later pages of a long section.
 */
const sectionQuery = z.object({
  returnTo: z.union([z.string(), z.array(z.string())]).optional().catch(undefined),
  added: z.literal('1').optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100).optional().catch(undefined),
});

function sectionPath(personId: string, sectionId: string, returnToCheck = false, page = 1): string {
  return assessmentPaths.section({ personId, sectionId }, { returnTo: returnToCheck && 'check', page: page > 1 && page });
}

/** The section page that asks a question, opened from check your answers, at the question itself. */
function changeLink(personId: string, set: QuestionSet, section: Section, questionId: string): string {
  return `${sectionPath(personId, section.id, true, pageOfQuestion(set, section, questionId))}#${questionId}`;
}

/** "Your self-assessment" for the person themselves; the person's name for anyone helping them. */
function caption({ person, viewer }: LoadedPerson): string {
  return viewer === 'self' ? 'Your self-assessment' : `Self-assessment for ${person.givenName} ${person.familyName}`;
}

/**
 * Who the page speaks to: "you" for the person themselves; anyone else (staff, a representative) is told about the
 * person by name ("Sam Jones has finished their self-assessment").
 */
function voiceOf({ person, viewer }: LoadedPerson) {
  return { own: viewer === 'self', name: `${person.givenName} ${person.familyName}` };
}

function taskListItems(personId: string, progress: SectionProgress[], complete: boolean) {
  const statusOf = (status: SectionProgress['status']) =>
    status === 'completed'
      ? { text: sectionStatusNames.completed }
      : { tag: { text: sectionStatusNames[status], classes: status === 'in-progress' ? 'govuk-tag--light-blue' : 'govuk-tag--blue' } };
  const items: Record<string, unknown>[] = progress
    .filter((entry) => entry.visible.length > 0)
    .map((entry) => ({ title: { text: entry.section.title }, href: sectionPath(personId, entry.section.id), status: statusOf(entry.status) }));
  items.push(
    complete
      ? { title: { text: 'Check your answers and send them' }, href: assessmentPaths.check({ personId }), status: { tag: { text: 'Not yet started', classes: 'govuk-tag--blue' } } }
      : { title: { text: 'Check your answers and send them' }, hint: { text: 'You can do this when every section is completed.' }, status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' } },
  );
  return items;
}

/** After a section: the next section still to do, or the task list when there is none. */
function nextStep(personId: string, set: QuestionSet, answers: StoredAnswers, cleared: string[], sectionId: string): string {
  const now: StoredAnswers = { ...answers };
  for (const id of cleared) delete now[id];
  const progress = sectionProgress(set, now);
  const index = progress.findIndex((entry) => entry.section.id === sectionId);
  const next = progress.slice(index + 1).find((entry) => entry.visible.length > 0 && entry.status !== 'completed');
  return next ? sectionPath(personId, next.section.id) : assessmentPaths.taskList({ personId });
}

function checkSections(personId: string, set: QuestionSet, answers: StoredAnswers, changeable: boolean) {
  const visible = visibleQuestions(set, answers);
  return set.sections
    .map((section) => {
      const ids = new Set(section.questions.map((question) => question.id));
      const rows = visible
        .filter((question) => ids.has(question.id))
        .map((question) => ({
          key: { text: question.text },
          value: { text: describeAnswer(question, answers[question.id]) },
          actions: changeable
            ? { items: [{ href: changeLink(personId, set, section, question.id), text: 'Change', visuallyHiddenText: question.text.replace(/\?$/, '').toLowerCase() }] }
            : undefined,
        }));
      return { title: section.title, rows };
    })
    .filter((section) => section.rows.length > 0);
}

export function assessmentRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const readRoute = { config: { access: 'signed-in', audit: 'person.read' } } as const;
  const changeRoute = { config: { access: 'signed-in', audit: 'person.change' } } as const;

  /** The assessment in progress with its question set and the answers that count as stored. */
  async function inProgress(person: PersonRef) {
    const assessment = await assessmentInProgress(db, person);
    if (!assessment) return undefined;
    const questionSet = await questionSetOf(db, assessment);
    if (!questionSet) return undefined;
    return { assessment, questionSet, set: questionSet.definition, answers: storedAnswers(assessment.answers) };
  }

  /** The question set an assessment was answered on; one that has gone leaves nothing to show. */
  async function questionSetFor(assessment: { areaId: string; questionSetId: string }) {
    const questionSet = await questionSetOf(db, assessment);
    if (!questionSet) throw new NotFoundError('The questions this assessment was answered on are missing');
    return questionSet;
  }

  /** The section the address names, in the question set being answered. */
  function sectionOf(set: QuestionSet, sectionId: string): Section {
    const section = set.sections.find((candidate) => candidate.id === sectionId);
    if (!section) throw new NotFoundError('There is no such section');
    return section;
  }

  app.get(assessmentPaths.taskList.pattern, readRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const latest = await latestAssessment(db, person);
    const base = { pageTitle: 'Self-assessment', person, caption: caption(loaded), ...voiceOf(loaded), saved: queryOf(request, taskListQuery)?.saved };
    if (!latest) return reply.render('assessment/start.njk', { ...base, state: 'none' });
    const questionSet = await questionSetFor(latest);
    if (latest.status !== 'in progress') {
      return reply.render('assessment/start.njk', { ...base, state: 'completed', assessment: latest, questionSet, issued: await hasDecisions(db, latest) });
    }
    const answers = storedAnswers(latest.answers);
    const progress = sectionProgress(questionSet.definition, answers);
    const complete = missingAnswers(questionSet.definition, answers).length === 0;
    const shown = progress.filter((entry) => entry.visible.length > 0);
    return reply.render('assessment/task-list.njk', {
      ...base,
      questionSet,
      items: taskListItems(person.id, progress, complete),
      completedSections: shown.filter((entry) => entry.status === 'completed').length,
      totalSections: shown.length,
      complete,
    });
  });

  app.post(assessmentPaths.start.pattern, changeRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const started = await startAssessment(db, person, services.clock.now(), request.currentUser?.id ?? null);
    if (!started.ok) {
      return reply.code(409).render('assessment/start.njk', { pageTitle: 'Self-assessment', person, caption: caption(loaded), ...voiceOf(loaded), state: 'unavailable' });
    }
    return reply.redirect(assessmentPaths.taskList({ personId: person.id }), 303);
  });

  const renderSection = (
    reply: FastifyReply,
    context: {
      loaded: LoadedPerson;
      set: QuestionSet;
      section: Section;
      page: number;
      visible: Question[];
      values: Record<string, string | string[]>;
      errors: { id: string; text: string }[];
      returnToCheck: boolean;
      added: boolean;
      /** The other answers on the page were saved although some were not. */
      savedOthers?: boolean;
    },
  ) => {
    const { loaded, set, section, page, visible, values, errors, returnToCheck } = context;
    const { person } = loaded;
    const messages = new Map(errors.map((error) => [error.id, error.text]));
    const index = set.sections.findIndex((candidate) => candidate.id === section.id);
    const pageCount = sectionPages(set, section).length;
    return reply.render('assessment/section.njk', {
      pageTitle: pageCount > 1 ? `${section.title} (page ${page} of ${pageCount})` : section.title,
      person,
      caption: caption(loaded),
      ...voiceOf(loaded),
      section,
      sectionNumber: index + 1,
      sectionCount: set.sections.length,
      pageNumber: page,
      pageCount,
      savedOthers: context.savedOthers === true,
      fields: visible.map((question) => questionField(question, values[question.id], messages.get(question.id))),
      shownIds: visible.map((question) => question.id).join(' '),
      errorList: errors.map((error) => ({ text: error.text, href: `#${error.id}` })),
      returnToCheck,
      added: context.added,
      action: sectionPath(person.id, section.id, false, page),
      backHref: returnToCheck
        ? assessmentPaths.check({ personId: person.id })
        : page > 1
          ? sectionPath(person.id, section.id, false, page - 1)
          : assessmentPaths.taskList({ personId: person.id }),
      backToPage: !returnToCheck && page > 1,
    });
  };

  /** The page the address names: its questions as a section of their own, and its number. */
  function pageOf(set: QuestionSet, section: Section, page: number | undefined) {
    const pages = sectionPages(set, section);
    const number = page ?? 1;
    if (number > pages.length) throw new NotFoundError('There is no such page');
    return { number, questions: pages[number - 1]!, pages };
  }

  /** The first page from `from` on (1-based) with a question the person sees, or undefined when none is left. */
  function nextPageWithQuestions(set: QuestionSet, section: Section, answers: StoredAnswers, from: number): number | undefined {
    const shown = new Set(visibleQuestions(set, answers).map((question) => question.id));
    const pages = sectionPages(set, section);
    for (let number = from; number <= pages.length; number += 1) {
      if (pages[number - 1]!.some((question) => shown.has(question.id))) return number;
    }
    return undefined;
  }

  app.get(assessmentPaths.section.pattern, readRoute, async (request, reply) => {
    const { sectionId } = paramsOf(request, sectionParams);
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const current = await inProgress(person);
    if (!current) return reply.redirect(assessmentPaths.taskList({ personId: person.id }), 303);
    const section = sectionOf(current.set, sectionId);
    const query = queryOf(request, sectionQuery);
    const page = pageOf(current.set, section, query?.page);
    const ids = new Set(page.questions.map((question) => question.id));
    const visible = visibleQuestions(current.set, current.answers).filter((question) => ids.has(question.id));
    const returnToCheck = returnsToCheck(query?.returnTo);
    if (visible.length === 0) {
      // Every question on this page is hidden by earlier answers: go on to the next page that asks something.
      const next = nextPageWithQuestions(current.set, section, current.answers, page.number + 1);
      if (next) return reply.redirect(sectionPath(person.id, section.id, returnToCheck, next), 303);
      if (returnToCheck) return reply.redirect(assessmentPaths.check({ personId: person.id }), 303);
      return reply.redirect(nextStep(person.id, current.set, current.answers, [], section.id), 303);
    }
    return renderSection(reply, {
      loaded,
      set: current.set,
      section,
      page: page.number,
      visible,
      values: storedFormValues(visible, current.answers),
      errors: [],
      returnToCheck,
      added: query?.added === '1',
    });
  });

  app.post(assessmentPaths.section.pattern, changeRoute, async (request, reply) => {
    const { sectionId } = paramsOf(request, sectionParams);
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const current = await inProgress(person);
    if (!current) return reply.redirect(assessmentPaths.taskList({ personId: person.id }), 303);
    const section = sectionOf(current.set, sectionId);
    const query = queryOf(request, sectionQuery);
    const page = pageOf(current.set, section, query?.page);
    const shownField = formValue(request.body, '_shown');
    const shown = new Set((typeof shownField === 'string' ? shownField : '').split(/\s+/).filter((id) => id !== ''));
    const returnToCheck = returnsToCheck(formValue(request.body, 'returnTo')) || returnsToCheck(query?.returnTo);
    const saveForLater = formValue(request.body, 'action') === 'save';
    const submission = readSection(current.set, { ...section, questions: page.questions }, current.answers, request.body, shown);
    // Coming back later means some questions are not answered yet: that is not a mistake. Only answers given wrongly
    // (a malformed amount, say) are reported, and every valid answer on the page is saved either way.
    const unanswered = new Set(submission.unanswered);
    const errors = saveForLater ? submission.errors.filter((error) => !unanswered.has(error.id)) : submission.errors;

    const saved = await saveAnswers(db, current.assessment, submission.changes, submission.cleared, services.clock.now());
    if (!saved) return reply.redirect(assessmentPaths.taskList({ personId: person.id }), 303);
    if (errors.length > 0) {
      return renderSection(reply.code(400), {
        loaded,
        set: current.set,
        section,
        page: page.number,
        visible: submission.visible,
        values: submission.values,
        errors,
        returnToCheck,
        added: false,
        savedOthers: Object.keys(submission.changes).length > 0 || submission.cleared.length > 0,
      });
    }
    if (saveForLater) return reply.redirect(assessmentPaths.taskList({ personId: person.id }, { saved: 'all' }), 303);
    if (submission.newlyShown.length > 0) {
      const again = assessmentPaths.section({ personId: person.id, sectionId: section.id }, { added: 1, returnTo: returnToCheck && 'check', page: page.number > 1 && page.number });
      return reply.redirect(`${again}#${submission.newlyShown[0]}`, 303);
    }
    if (returnToCheck) return reply.redirect(assessmentPaths.check({ personId: person.id }), 303);
    const after: StoredAnswers = { ...current.answers, ...submission.changes };
    for (const id of submission.cleared) delete after[id];
    const nextPage = nextPageWithQuestions(current.set, section, after, page.number + 1);
    if (nextPage) return reply.redirect(sectionPath(person.id, section.id, false, nextPage), 303);
    return reply.redirect(nextStep(person.id, current.set, after, [], section.id), 303);
  });

  async function renderCheck(reply: FastifyReply, loaded: LoadedPerson, problems: { text: string; href?: string }[] = []) {
    const { person } = loaded;
    const current = await inProgress(person);
    if (current) {
      return reply.render('assessment/check.njk', {
        pageTitle: 'Check your answers',
        person,
        caption: caption(loaded),
        ...voiceOf(loaded),
        questionSet: current.questionSet,
        sections: checkSections(person.id, current.set, current.answers, true),
        changeable: true,
        errorList: problems,
      });
    }
    const latest = await latestAssessment(db, person);
    if (!latest) return reply.redirect(assessmentPaths.taskList({ personId: person.id }), 303);
    const questionSet = await questionSetFor(latest);
    return reply.render('assessment/check.njk', {
      pageTitle: 'Your answers',
      person,
      caption: caption(loaded),
      ...voiceOf(loaded),
      questionSet,
      sections: checkSections(person.id, questionSet.definition, storedAnswers(latest.answers), false),
      changeable: false,
      completedAt: latest.completedAt,
    });
  }

  app.get(assessmentPaths.check.pattern, readRoute, async (request, reply) => {
    return renderCheck(reply, await loadPerson(db, request));
  });

  app.post(assessmentPaths.submit.pattern, changeRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const outcome = await submitAssessment(db, person, services.clock.today(), services.clock.now());
    switch (outcome.outcome) {
      case 'nothing-to-submit':
        return reply.redirect(assessmentPaths.taskList({ personId: person.id }), 303);
      case 'completed':
      case 'already-completed':
        return reply.redirect(request.server.paths.budget.budget({ personId: person.id }, { completed: 1 }), 303);
      case 'incomplete': {
        const set = outcome.questionSet;
        const sectionOfQuestion = new Map(set.sections.flatMap((section) => section.questions.map((question) => [question.id, section] as const)));
        const problems = outcome.missing.map((question) => {
          const section = sectionOfQuestion.get(question.id);
          return { text: `Answer “${question.text}”`, href: section ? changeLink(person.id, set, section, question.id) : assessmentPaths.check({ personId: person.id }) };
        });
        return renderCheck(reply.code(400), loaded, problems);
      }
      case 'no-configuration':
        return renderCheck(reply.code(409), loaded, [{ text: 'Your answers are saved, but your area has not published the rules for working out budgets yet. Try again later.' }]);
      case 'not-found':
        throw new NotFoundError();
    }
  });
}

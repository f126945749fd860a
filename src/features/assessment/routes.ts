// The joined-up self-assessment journey: a task list of sections, one page per section with save and come back later,
// check your answers, and submit. Every page reads or changes the person's record, so each is authorised and audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Question, type QuestionSet, type Section, describeAnswer, idSchema, missingAnswers, questionsById, visibleQuestions } from '../../domain/assessment/question-set.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { authorisedPerson, personIdParam } from '../../platform/person-access.ts';
import { type StoredAnswers, questionSetOf, saveAnswers, startAssessment, storedAnswers } from './assessment-service.ts';
import { assessmentInProgress, hasDecisions, latestAssessment, type AssessmentRow } from '../../records/assessments.ts';
import { type SectionProgress, questionField, readSection, sectionProgress, sectionStatusNames, storedFormValues } from './section-form.ts';
import { completeAssessment } from './submission.ts';

const sectionParams = personIdParam.extend({ sectionId: idSchema });

type Person = NonNullable<Awaited<ReturnType<typeof authorisedPerson>>>['person'];

export function assessmentPath(personId: string, rest = ''): string {
  return `/people/${personId}/assessment${rest}`;
}

function sectionPath(personId: string, sectionId: string, returnToCheck = false): string {
  return assessmentPath(personId, `/sections/${sectionId}${returnToCheck ? '?returnTo=check' : ''}`);
}

/** "Your self-assessment" for the person themselves; the person's name for anyone helping them. */
function caption(request: FastifyRequest, person: Person): string {
  const own = request.principal?.assignments.some((assignment) => assignment.role === 'budget_holder' && assignment.personId === person.id);
  return own ? 'Your self-assessment' : `Self-assessment for ${person.givenName} ${person.familyName}`;
}

function returnsToCheck(value: unknown): boolean {
  return value === 'check' || (Array.isArray(value) && value.includes('check'));
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
      ? { title: { text: 'Check your answers and send them' }, href: assessmentPath(personId, '/check'), status: { tag: { text: 'Not yet started', classes: 'govuk-tag--blue' } } }
      : { title: { text: 'Check your answers and send them' }, hint: { text: 'You can do this when every section is completed.' }, status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' } },
  );
  return items;
}

export function assessmentRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** The person, if the request may act on their record; otherwise the 404 page has been sent (403 is thrown). */
  async function personFor(request: FastifyRequest, reply: FastifyReply, action: 'person.read' | 'person.change', schema: z.ZodType<{ personId: string }> = personIdParam) {
    const params = schema.safeParse(request.params);
    if (!params.success) return void sendErrorPage(request, reply, 404);
    const found = await authorisedPerson(services, request, params.data.personId, action);
    if (!found) return void sendErrorPage(request, reply, 404);
    return found.person;
  }

  /** The assessment in progress with its question set and the answers that count as stored. */
  async function inProgress(personId: string) {
    const assessment = await assessmentInProgress(db, personId);
    if (!assessment) return undefined;
    const questionSet = await questionSetOf(db, assessment.questionSetId);
    if (!questionSet) return undefined;
    return { assessment, questionSet, set: questionSet.definition, answers: storedAnswers(assessment.answers) };
  }

  app.get('/people/:personId/assessment', async (request, reply) => {
    const person = await personFor(request, reply, 'person.read');
    if (!person) return reply;
    const query = request.query as Record<string, unknown>;
    const latest = await latestAssessment(db, person.id);
    const base = { pageTitle: 'Self-assessment', person, caption: caption(request, person), saved: query.saved === 'all' || query.saved === 'some' ? query.saved : undefined };
    if (!latest) return reply.render('assessment/start.njk', { ...base, state: 'none' });
    const questionSet = await questionSetOf(db, latest.questionSetId);
    if (!questionSet) return sendErrorPage(request, reply, 404);
    if (latest.status !== 'in progress') {
      return reply.render('assessment/start.njk', { ...base, state: 'completed', assessment: latest, questionSet, issued: await hasDecisions(db, latest.id) });
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

  app.post('/people/:personId/assessment/start', async (request, reply) => {
    const person = await personFor(request, reply, 'person.change');
    if (!person) return reply;
    const started = await startAssessment(db, person.id, services.clock.today(), request.currentUser?.id ?? null);
    if (!started.ok) {
      return reply.code(409).render('assessment/start.njk', {
        pageTitle: 'Self-assessment',
        person,
        caption: caption(request, person),
        state: 'unavailable',
      });
    }
    return reply.redirect(assessmentPath(person.id), 303);
  });

  const renderSection = (
    reply: FastifyReply,
    context: { request: FastifyRequest; person: Person; set: QuestionSet; section: Section; visible: Question[]; values: Record<string, string | string[]>; errors: { id: string; text: string }[]; returnToCheck: boolean; added: boolean },
  ) => {
    const { person, set, section, visible, values, errors, returnToCheck } = context;
    const messages = new Map(errors.map((error) => [error.id, error.text]));
    const index = set.sections.findIndex((candidate) => candidate.id === section.id);
    return reply.render('assessment/section.njk', {
      pageTitle: section.title,
      person,
      caption: caption(context.request, person),
      section,
      sectionNumber: index + 1,
      sectionCount: set.sections.length,
      fields: visible.map((question) => questionField(question, values[question.id], messages.get(question.id))),
      shownIds: visible.map((question) => question.id).join(' '),
      errorList: errors.map((error) => ({ text: error.text, href: `#${error.id}` })),
      returnToCheck,
      added: context.added,
      action: sectionPath(person.id, section.id),
      backHref: returnToCheck ? assessmentPath(person.id, '/check') : assessmentPath(person.id),
    });
  };

  app.get('/people/:personId/assessment/sections/:sectionId', async (request, reply) => {
    const person = await personFor(request, reply, 'person.read', sectionParams);
    if (!person) return reply;
    const { sectionId } = request.params as { sectionId: string };
    const current = await inProgress(person.id);
    if (!current) return reply.redirect(assessmentPath(person.id), 303);
    const section = current.set.sections.find((candidate) => candidate.id === sectionId);
    if (!section) return sendErrorPage(request, reply, 404);
    const ids = new Set(section.questions.map((question) => question.id));
    const visible = visibleQuestions(current.set, current.answers).filter((question) => ids.has(question.id));
    const query = request.query as Record<string, unknown>;
    return renderSection(reply, {
      request,
      person,
      set: current.set,
      section,
      visible,
      values: storedFormValues(visible, current.answers),
      errors: [],
      returnToCheck: returnsToCheck(query.returnTo),
      added: query.added === '1',
    });
  });

  app.post('/people/:personId/assessment/sections/:sectionId', async (request, reply) => {
    const person = await personFor(request, reply, 'person.change', sectionParams);
    if (!person) return reply;
    const { sectionId } = request.params as { sectionId: string };
    const current = await inProgress(person.id);
    if (!current) return reply.redirect(assessmentPath(person.id), 303);
    const section = current.set.sections.find((candidate) => candidate.id === sectionId);
    if (!section) return sendErrorPage(request, reply, 404);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const shownField = typeof body._shown === 'string' ? body._shown : '';
    const shown = new Set(shownField.split(/\s+/).filter((id) => id !== ''));
    const returnToCheck = returnsToCheck(body.returnTo) || returnsToCheck((request.query as Record<string, unknown>).returnTo);
    const saveForLater = body.action === 'save';
    const submission = readSection(current.set, section, current.answers, body, shown);

    if (submission.errors.length > 0 && !saveForLater) {
      return renderSection(reply.code(400), { request, person, set: current.set, section, visible: submission.visible, values: submission.values, errors: submission.errors, returnToCheck, added: false });
    }
    const saved = await saveAnswers(db, current.assessment.id, submission.changes, submission.cleared);
    if (!saved) return reply.redirect(assessmentPath(person.id), 303);
    if (saveForLater) return reply.redirect(`${assessmentPath(person.id)}?saved=${submission.errors.length > 0 ? 'some' : 'all'}`, 303);
    if (submission.newlyShown.length > 0) {
      const query = new URLSearchParams({ added: '1', ...(returnToCheck ? { returnTo: 'check' } : {}) });
      return reply.redirect(`${sectionPath(person.id, section.id)}?${query.toString()}#${submission.newlyShown[0]}`, 303);
    }
    if (returnToCheck) return reply.redirect(assessmentPath(person.id, '/check'), 303);
    return reply.redirect(nextStep(person.id, current.set, { ...current.answers, ...submission.changes }, submission.cleared, section.id), 303);
  });

  /** After a section: the next section still to do, or the task list when there is none. */
  function nextStep(personId: string, set: QuestionSet, answers: StoredAnswers, cleared: string[], sectionId: string): string {
    const now: StoredAnswers = { ...answers };
    for (const id of cleared) delete now[id];
    const progress = sectionProgress(set, now);
    const index = progress.findIndex((entry) => entry.section.id === sectionId);
    const next = progress.slice(index + 1).find((entry) => entry.visible.length > 0 && entry.status !== 'completed');
    return next ? sectionPath(personId, next.section.id) : assessmentPath(personId);
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
              ? { items: [{ href: `${sectionPath(personId, section.id, true)}#${question.id}`, text: 'Change', visuallyHiddenText: question.text.replace(/\?$/, '').toLowerCase() }] }
              : undefined,
          }));
        return { title: section.title, rows };
      })
      .filter((section) => section.rows.length > 0);
  }

  async function renderCheck(request: FastifyRequest, reply: FastifyReply, person: Person, problems: { text: string; href?: string }[] = []) {
    const current = await inProgress(person.id);
    if (current) {
      return reply.render('assessment/check.njk', {
        pageTitle: 'Check your answers',
        person,
        caption: caption(request, person),
        questionSet: current.questionSet,
        sections: checkSections(person.id, current.set, current.answers, true),
        changeable: true,
        errorList: problems,
      });
    }
    const latest: AssessmentRow | undefined = await latestAssessment(db, person.id);
    if (!latest) return reply.redirect(assessmentPath(person.id), 303);
    const questionSet = await questionSetOf(db, latest.questionSetId);
    if (!questionSet) return sendErrorPage(request, reply, 404);
    return reply.render('assessment/check.njk', {
      pageTitle: 'Your answers',
      person,
      caption: caption(request, person),
      questionSet,
      sections: checkSections(person.id, questionSet.definition, storedAnswers(latest.answers), false),
      changeable: false,
      completedAt: latest.completedAt,
    });
  }

  app.get('/people/:personId/assessment/check', async (request, reply) => {
    const person = await personFor(request, reply, 'person.read');
    if (!person) return reply;
    return renderCheck(request, reply, person);
  });

  app.post('/people/:personId/assessment/submit', async (request, reply) => {
    const person = await personFor(request, reply, 'person.change');
    if (!person) return reply;
    // The assessment being answered, or (for a retried submit) the one the first submit completed.
    const target = (await assessmentInProgress(db, person.id)) ?? (await latestAssessment(db, person.id));
    if (!target) return reply.redirect(assessmentPath(person.id), 303);
    const outcome = await db.transaction((tx) => completeAssessment(tx, target.id, services.clock.today()));
    switch (outcome.outcome) {
      case 'completed':
      case 'already-completed':
        return reply.redirect(`/people/${person.id}/budget?completed=1`, 303);
      case 'incomplete': {
        const set = (await questionSetOf(db, target.questionSetId))!.definition;
        const sectionOf = new Map(set.sections.flatMap((section) => section.questions.map((question) => [question.id, section.id] as const)));
        const questions = questionsById(set);
        const problems = outcome.missing.map((question) => ({
          text: `Answer “${questions.get(question.id)?.text ?? question.id}”`,
          href: `${sectionPath(person.id, sectionOf.get(question.id) ?? '', true)}#${question.id}`,
        }));
        return renderCheck(request, reply.code(400), person, problems);
      }
      case 'no-configuration':
        return renderCheck(request, reply.code(409), person, [{ text: 'Your answers are saved, but your area has not published the rules for working out budgets yet. Try again later.' }]);
      case 'not-found':
        return sendErrorPage(request, reply, 404);
    }
  });
}

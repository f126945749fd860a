// The people who act with or for someone: a representative, or a suitable person who receives a direct payment for
// someone who lacks capacity to manage it. The explanations are shown when a supporter is added.

export const supporterKinds = ['representative', 'suitable-person'] as const;
export type SupporterKind = (typeof supporterKinds)[number];

export const supporterKindNames: Record<SupporterKind, string> = {
  representative: 'Representative',
  'suitable-person': 'Suitable person',
};

export const supporterKindExplanations: Record<SupporterKind, string> = {
  representative:
    'Someone the person chooses to help them, or to speak for them when they ask: for example a family member, a friend or an advocate. They can help with the self-assessment and the support plan.',
  'suitable-person':
    'Someone who receives and manages a direct payment for a person who cannot make that decision themselves (who lacks capacity). The council asks for the consent of someone who can speak for the person, talks to people who know them, takes the person’s wishes into account, and does an enhanced criminal record check.',
};

export function isSupporterKind(value: string): value is SupporterKind {
  return (supporterKinds as readonly string[]).includes(value);
}

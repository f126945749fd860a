// The ten outcomes in the Care and Support (Eligibility Criteria) Regulations 2015, regulation 2(2).

export const careActOutcomes = [
  { code: 'nutrition', name: 'Managing and maintaining nutrition' },
  { code: 'hygiene', name: 'Maintaining personal hygiene' },
  { code: 'toilet', name: 'Managing toilet needs' },
  { code: 'clothing', name: 'Being appropriately clothed' },
  { code: 'home-safety', name: 'Being able to make use of the home safely' },
  { code: 'habitable-home', name: 'Maintaining a habitable home environment' },
  { code: 'relationships', name: 'Developing and maintaining family or other personal relationships' },
  { code: 'work-learning', name: 'Accessing and engaging in work, training, education or volunteering' },
  { code: 'community', name: 'Making use of necessary facilities or services in the local community, including public transport and recreational facilities' },
  { code: 'caring', name: 'Carrying out any caring responsibilities for a child' },
] as const;

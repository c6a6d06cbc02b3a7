# The return lifecycle and its safeguards (issue #5). Messages name household members by their
# place ("member 2"), never by name: findings travel in API answers and 409 bodies.

problem-safeguards-blocked = This case cannot proceed: a safeguard blocks it
error-language-unknown = No language has this code in ISO 639: use a code such as “ar”, “fa” or “prs”.
error-consent-role-age = This role does not fit the person's age: adults consent for themselves; a child assents and a guardian consents for them
error-not-a-child = This person is not a child
error-removal-decision-forced-only = A removal decision belongs to a forced return only
error-options-compared = Compare return with at least one other durable solution
error-panel-too-small = A determination is made by a panel of at least three people
error-date-before = This date is before the decision
error-unknown-screening = There is no open rapid screening with this id on this case
error-case-closed = The case is closed
error-transition-use-closure = Close the case with a reason instead
error-transition-same-state = The case is already in this state
error-transition-not-allowed = The case cannot move from its current state to this one

safeguard-age-known = Member { $member }'s age is not known.
safeguard-age-known-clears = Record member { $member }'s date of birth, so that the safeguards for children apply where they must.
safeguard-counselled = The household has not been counselled.
safeguard-counselled-clears = Record a counselling session that presents the destination's conditions.
safeguard-counselling-interpreter = Member { $member } does not speak the language of the latest counselling ({ $language }) and no interpreter was present.
safeguard-counselling-interpreter-clears = Counsel again in a language member { $member } speaks, or with an interpreter.
safeguard-consent-return = { $why ->
    [withdrawn] Member { $member }'s consent was withdrawn since the latest counselling: the return stopped.
    [before-counselling] Member { $member }'s consent to return was given before the latest counselling.
   *[missing] Member { $member } has not consented to return.
}
safeguard-consent-return-clears = { $why ->
    [withdrawn] Counsel the household again; then record member { $member }'s consent, if they give it again.
   *[other] Record member { $member }'s consent to return, given after the latest counselling.
}
safeguard-consent-language = Member { $member } consented in a language they do not speak ({ $language }), without an interpreter.
safeguard-consent-language-clears = Take member { $member }'s consent again in a language they speak, or with an interpreter.
safeguard-child-consent = { $why ->
    [assent] Member { $member } (a child) has not given their own assent, after the latest counselling.
   *[guardian] No parent or guardian has consented for member { $member } (a child), after the latest counselling.
}
safeguard-child-consent-clears = { $why ->
    [assent] Record member { $member }'s assent, in words the child understands.
   *[guardian] Record a guardian's consent for member { $member }.
}
safeguard-recounselling = The destination's status changed since the latest counselling (then: { $then }; now: { $now }).
safeguard-recounselling-clears = Counsel the household again on the destination's current conditions, then take their consent again.
safeguard-cooling-off = The cooling-off period of { $days ->
    [one] one day
   *[other] { $days } days
} after consent has not ended (it ends on { $until }).
safeguard-cooling-off-clears = Wait until { $until }, or ask a supervisor to waive the period with a reason.
safeguard-destination-unsafe = The destination area is unsafe.
safeguard-destination-unsafe-clears = No return to this area while it is unsafe. Choose another destination, or wait for its status to change.
safeguard-destination-conditional = { $why ->
    [not-mitigable] The destination is conditional and the latest risk assessment found a risk that cannot be mitigated.
   *[missing] The destination is conditional and no individual risk assessment was recorded.
}
safeguard-destination-conditional-clears = Record an individual risk assessment that finds the risk can be mitigated, with the mitigation.
safeguard-destination-unassessed = The destination's status is "{ $status }": there is no recent independent evidence that return is safe.
safeguard-destination-unassessed-clears = Wait for current assessments of the area by two organisations.
safeguard-coercion-open = { $count ->
    [one] One coercion indicator is open.
   *[other] { $count } coercion indicators are open.
}
safeguard-coercion-open-clears = A supervisor reviews each open indicator, with a note.
safeguard-suspensive-hold = { $count ->
    [one] One hold with suspensive effect is pending (appeal, court decision or grievance).
   *[other] { $count } holds with suspensive effect are pending (appeal, court decision or grievance).
}
safeguard-suspensive-hold-clears = Wait for the decision; the hold is lifted with a note when it comes.
safeguard-best-interests = { $why ->
    [needs-determination] Member { $member } is an unaccompanied or separated child: a formal best-interests determination by a panel is needed.
    [not-in-favour] Member { $member }'s best-interests procedure did not find return to be in the child's best interests.
   *[missing] Member { $member } (a child) has no best-interests assessment.
}
safeguard-best-interests-clears = { $why ->
    [needs-determination] A multidisciplinary panel determines member { $member }'s best interests: record that determination.
    [not-in-favour] Member { $member }'s return cannot go ahead unless a review of the best-interests procedure finds return in the child's interests: record its outcome.
   *[other] Record a best-interests procedure for member { $member } (a panel's determination for an unaccompanied or separated child) that finds return in the child's interests.
}
safeguard-child-detention = Member { $member }, a child, was recorded in immigration detention.
safeguard-child-detention-clears = This alert stays on record. Detention of a child always breaches the child's best interests: report it to the child-protection focal point.
safeguard-screening-due = { $count ->
    [one] One follow-up vulnerability screening is due.
   *[other] { $count } follow-up vulnerability screenings are due.
}
safeguard-screening-due-clears = Record the full screening that follows up each positive rapid screen.

nav-work = My work
work-title = My work
work-intro = Your open tasks on the cases you hold, the most urgent first.
work-none = Nothing is waiting for you.
work-caption = Open tasks
work-due = Due
work-task = Task
work-overdue = Overdue
work-task-screening_due = Follow-up vulnerability screening due
work-task-indicator_to_review = Coercion indicator to review
work-task-hold_to_review = Hold to review
work-task-approval_waiting = Return waiting for approval
work-task-cooling_off_ending = Cooling-off period ending
## The case page: the return road, "why can't this case proceed?", the forms that move the case
## and the records the safeguards read.

lc-title = Return road and safeguards
lc-road-label = Steps of the return
lc-step-done = (done)
lc-current = Now:
lc-next = Next:
lc-why-blocked = Why can't this case proceed to “{ $state }”?
lc-can-proceed = This case can proceed to “{ $state }”.
lc-forced-proceed = A forced return is monitored, never stopped: it may proceed to “{ $state }”; every finding is kept as an alert.
lc-refused = The move was refused: nothing was changed.
lc-clears = What clears it:
lc-member = Member { $member }
lc-rules-version = Rule set:
lc-proceed = Proceed to “{ $state }”
lc-resume = Resume: back to “{ $state }”
lc-approve = Approve the return
lc-supervisor-approves = A supervisor approves the return; it cannot be the person who prepared the case.
lc-four-eyes = Four eyes: you prepared or hold this case, so another supervisor must approve it.
lc-approve-refused = Only a supervisor may approve a return.
lc-withdrawn = The return was withdrawn. If the person changes their mind, counsel them again.
lc-end-of-road = There is no further step on the road.
lc-move-title = Suspend, withdraw or counsel again
lc-field-move = Action
lc-field-reason = Reason
lc-move-suspend = Suspend the case
lc-move-withdraw = Withdraw the return
lc-move-recounsel = Counsel again (consent must be given again)
lc-move-submit = Confirm
lc-transitions = Steps taken
lc-transitions-none = The case has not moved yet.
lc-col-move = Step
lc-col-reason = Reason
lc-col-rules = Rule set
lc-to = to
lc-conflict-already-withdrawn = This consent was already withdrawn.
lc-conflict-already-resolved = This record was already resolved.
lc-conflict-person-erased = This person's data was erased.
lc-conflict-record-not-resolvable = Only coercion indicators and holds are resolved.

finding-severity-block = Blocks
finding-severity-warn = Warning
finding-severity-alert = Alert (monitored)

transition-reason-returnee_request = At the returnee's request
transition-reason-consent_withdrawn = Consent withdrawn
transition-reason-safety_concern = Safety concern
transition-reason-destination_status_changed = The destination's status changed
transition-reason-medical_reasons = Medical reasons
transition-reason-pending_decision = A decision is pending
transition-reason-documents_missing = Documents missing
transition-reason-other = Other

lc-records = Safeguard records
lc-records-none = Nothing is recorded yet.
lc-col-record = Record
lc-col-member = Member
lc-col-on = Date
lc-col-details = Details
lc-col-state = State
lc-household = The whole household
lc-open = Open
lc-resolved = Resolved
lc-resolution = Resolution:
lc-none = None
lc-destination-then = destination at the session:
lc-add-record = Record
lc-save = Save
lc-lift-hold = Lift the hold
lc-review-coercion = Review the coercion indicator
lc-consents = Consent to return, per member
lc-consents-active = { $count ->
    [one] one active consent
   *[other] { $count } active consents
}
lc-withdrawn-on = withdrawn
lc-withdraw-consent = Withdraw this consent
lc-record-consent = Record the consent

lc-field-held-on = Date of the session
lc-field-language = Language
lc-hint-language = ISO 639 code, e.g. ar, fr, en, prs.
lc-field-interpreter = An interpreter was present
lc-field-sheet = Information sheet version
lc-hint-sheet = As printed on the sheet handed over, e.g. { $example }.
lc-field-topics = Topics covered
lc-field-questions = Questions the household asked, in their words
lc-field-role = Who consents
lc-field-method = How
lc-field-given-on = Date given
lc-field-coercion = Indicator
lc-field-member = Member
lc-field-observed-on = Date observed
lc-field-note = Note
lc-field-screened-on = Date of the screening
lc-field-stage = Stage
lc-field-follows = Follows up the rapid screening
lc-field-factors = Risk and protective factors
lc-field-domains = Domains of concern
lc-field-rating = Intervention needed:
lc-field-assessed-on = Date of the assessment
lc-field-risk-found = A risk was found
lc-field-mitigable = The risk can be mitigated
lc-field-mitigation = How the risk is mitigated
lc-field-child = Child
lc-field-decided-on = Date of the decision
lc-field-bi-kind = Procedure
lc-field-bi-outcome = Outcome
lc-field-options = Durable solutions compared
lc-field-child-heard = The child was heard
lc-field-legal-representation = The child had legal representation
lc-field-panel = Panel members
lc-hint-panel = A determination is made by a panel of at least three people.
lc-field-review-on = Review by (YYYY-MM-DD)
lc-hint-review-on = Required for a determination.
lc-field-hold = Hold
lc-field-suspensive = Suspends the return while pending
lc-field-placed-on = Date placed
lc-field-appeal-pending = An appeal is pending
lc-field-waiver = Reason for waiving the cooling-off period
lc-field-why = Why, in your words
lc-field-resolution = What the review found, or why the hold is lifted

record-counselling = Counselling session
record-coercion_indicator = Coercion indicator
record-vulnerability_screening = Vulnerability screening
record-risk_assessment = Individual risk assessment
record-best_interests = Best interests of a child
record-hold = Hold
record-cooling_off_waiver = Cooling-off waiver (supervisor)
record-removal_decision = Removal decision (forced return)

topic-safety_at_destination = Safety at the destination
topic-area_status = The area's status
topic-housing = Housing
topic-livelihoods = Livelihoods
topic-documentation = Documentation
topic-health_care = Health care
topic-education = Education
topic-reintegration_assistance = Reintegration assistance
topic-alternatives = Alternatives to return
topic-right_to_withdraw = The right to withdraw
topic-travel = Travel

coercion-decision_in_detention = Decision taken in detention
coercion-time_pressure = Time pressure
coercion-threats_or_loss_of_benefits = Threats or loss of benefits
coercion-conditional_incentives = Conditional incentives
coercion-misinformation = Misinformation
coercion-family_or_community_pressure = Family or community pressure
coercion-no_alternatives_explained = No alternatives explained
coercion-capacity_in_doubt = Capacity to decide in doubt

factor-unaccompanied_or_separated_child = Unaccompanied or separated child (risk)
factor-pregnancy = Pregnancy (risk)
factor-gbv_survivor = Survivor of gender-based violence (risk)
factor-trafficking_victim = Victim of trafficking (risk)
factor-serious_medical_condition = Serious medical condition (risk)
factor-disability = Disability (risk)
factor-older_person = Older person (risk)
factor-lgbti = LGBTI (risk)
factor-violence_in_transit = Violence in transit (risk)
factor-international_protection_needs = International protection needs (risk)
factor-family_support = Family support (protective)
factor-community_ties = Community ties (protective)
factor-livelihood = Livelihood (protective)
factor-documents_held = Documents held (protective)
factor-other = Other

domain-child = Child
domain-sex_gender_orientation = Sex, gender, orientation
domain-health_and_welfare = Health and welfare
domain-protection_needs = Protection needs
domain-other = Other

rating-low = Low
rating-medium = Medium
rating-high = High

stage-rapid = Rapid screening
stage-full = Full screening

bi-kind-assessment = Best-interests assessment
bi-kind-determination = Best-interests determination (panel)
bi-outcome-return_in_best_interests = Return is in the child's best interests
bi-outcome-return_not_in_best_interests = Return is not in the child's best interests
bi-outcome-deferred = Deferred

solution-return = Return
solution-local_integration = Local integration
solution-resettlement = Resettlement
solution-family_reunification = Family reunification

hold-pending_appeal = Pending appeal
hold-pending_court_decision = Pending court decision
hold-grievance = Grievance
hold-other = Other

waiver-medical_urgency = Medical urgency
waiver-family_reunification = Family reunification
waiver-safety_in_host_country = Safety in the host country
waiver-returnee_request_after_counselling = The returnee's request after counselling

consent-role-own = For themself
consent-role-assent = The child's own assent
consent-role-guardian = A parent or guardian, for the child
consent-method-written = Written
consent-method-oral = Oral
consent-method-digital = Digital
consent-purpose-return = Return
consent-purpose-follow_up_monitoring = Follow-up monitoring
consent-purpose-data_sharing = Data sharing
lc-out-of-scope = The return road and its records are shown to the team that holds the case.

lc-yes = yes
lc-no = no
event-case-transitioned = The case moved on the road
event-case-recorded = Safeguard record added
event-case-record_resolved = Safeguard record resolved
event-case-assigned = Case assigned
event-case-sensitivity_set = Sensitivity marked
event-case-closed = Case closed
event-consent-given = Consent given
event-consent-withdrawn = Consent withdrawn
work-task-best_interests_due = Best-interests procedure due (a screening flagged a child)

forced-alerts-title = Forced returns: rights alerts
forced-alerts-intro = { $count ->
    [one] One forced return is monitored. Nothing is blocked; every safeguard that did not hold is flagged and counted.
   *[other] { $count } forced returns are monitored. Nothing is blocked; every safeguard that did not hold is flagged and counted.
}
forced-alerts-none = No forced return has moved with an alert.
forced-alerts-rule = Alert
forced-alerts-cases = Forced returns
rule-label-age_known = Age not known
rule-label-counselled = Not counselled
rule-label-counselling_interpreter = Counselling not understood
rule-label-consent_return = Consent to return missing
rule-label-consent_language = Consent in a language not spoken
rule-label-child_consent = Child's consent or assent missing
rule-label-recounselling = Destination changed since counselling
rule-label-cooling_off = Cooling-off not over
rule-label-destination_unsafe = Destination unsafe
rule-label-destination_conditional = Conditional destination without mitigable risk
rule-label-destination_unassessed = Destination not assessed or evidence too old
rule-label-coercion_open = Open coercion indicator
rule-label-suspensive_hold = Pending appeal or suspensive hold
rule-label-best_interests = Child's best interests not established
rule-label-child_detention = Child in immigration detention
rule-label-screening_due = Follow-up screening due

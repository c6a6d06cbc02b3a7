# The return lifecycle and its safeguards (issue #5). Messages name household members by their
# place ("member 2"), never by name: findings travel in API answers and 409 bodies.

problem-safeguards-blocked = This case cannot proceed: a safeguard blocks it
error-language-unknown = This is not a language code Homeward knows (ISO 639)
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
safeguard-cooling-off = The cooling-off period of { $days } days after consent has not ended (it ends on { $until }).
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
safeguard-coercion-open = { $count } coercion indicator(s) are open.
safeguard-coercion-open-clears = A supervisor reviews each open indicator, with a note.
safeguard-suspensive-hold = { $count } hold(s) with suspensive effect are pending (appeal, court decision or grievance).
safeguard-suspensive-hold-clears = Wait for the decision; the hold is lifted with a note when it comes.
safeguard-best-interests = { $why ->
    [needs-determination] Member { $member } is an unaccompanied or separated child: a formal best-interests determination by a panel is needed.
    [not-in-favour] Member { $member }'s best-interests procedure did not find return to be in the child's best interests.
   *[missing] Member { $member } (a child) has no best-interests assessment.
}
safeguard-best-interests-clears = Record a best-interests { $why ->
    [needs-determination] determination
   *[other] assessment
} for member { $member } that finds return in the child's best interests.
safeguard-child-detention = Member { $member }, a child, was recorded in immigration detention.
safeguard-child-detention-clears = This alert stays on record. Detention of a child always breaches the child's best interests: report it to the child-protection focal point.
safeguard-screening-due = { $count } follow-up vulnerability screening(s) are due.
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

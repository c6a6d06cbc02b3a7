# دورة العودة وضماناتها (المسألة 5). تشير الرسائل إلى أفراد الأسرة بترتيبهم ("الفرد 2")، لا بأسمائهم.

problem-safeguards-blocked = لا يمكن لهذا الملف أن يتقدم: إحدى الضمانات تمنعه
error-language-unknown = لا توجد لغة بهذا الرمز في معيار ISO 639: استخدم رمزًا مثل «ar» أو «fa» أو «prs».
error-consent-role-age = هذا الدور لا يناسب عمر الشخص: البالغ يوافق عن نفسه، والطفل يبدي قبوله ويوافق عنه وليّه
error-not-a-child = هذا الشخص ليس طفلاً
error-removal-decision-forced-only = قرار الترحيل يخص العودة القسرية فقط
error-options-compared = قارن العودة بحل دائم آخر واحد على الأقل
error-panel-too-small = يصدر قرار تحديد المصلحة عن لجنة من ثلاثة أشخاص على الأقل
error-date-before = هذا التاريخ يسبق القرار
error-unknown-screening = لا يوجد فحص سريع مفتوح بهذا المعرّف في هذا الملف
error-case-closed = الملف مغلق
error-transition-use-closure = أغلق الملف مع ذكر السبب بدلاً من ذلك
error-transition-same-state = الملف في هذه الحالة بالفعل
error-transition-not-allowed = لا يمكن نقل الملف من حالته الحالية إلى هذه الحالة

safeguard-age-known = عمر الفرد { $member } غير معروف.
safeguard-age-known-clears = سجّل تاريخ ميلاد الفرد { $member } حتى تنطبق ضمانات الأطفال حيث يجب.
safeguard-counselled = لم تتلقَّ الأسرة أي جلسة إرشاد.
safeguard-counselled-clears = سجّل جلسة إرشاد تعرض أوضاع منطقة الوجهة.
safeguard-counselling-interpreter = الفرد { $member } لا يتكلم لغة آخر جلسة إرشاد ({ $language }) ولم يحضر مترجم.
safeguard-counselling-interpreter-clears = أعد الإرشاد بلغة يتكلمها الفرد { $member } أو بحضور مترجم.
safeguard-consent-return = { $why ->
    [withdrawn] سُحبت موافقة تخص الفرد { $member } منذ آخر جلسة إرشاد: توقفت العودة.
    [before-counselling] أعطى الفرد { $member } موافقته على العودة قبل آخر جلسة إرشاد.
   *[missing] لم يوافق الفرد { $member } على العودة.
}
safeguard-consent-return-clears = { $why ->
    [withdrawn] أعد إرشاد الأسرة، ثم سجّل موافقة الفرد { $member } إن أعطاها من جديد.
   *[other] سجّل موافقة الفرد { $member } على العودة بعد آخر جلسة إرشاد.
}
safeguard-consent-language = وافق الفرد { $member } بلغة لا يتكلمها ({ $language }) دون مترجم.
safeguard-consent-language-clears = خذ موافقة الفرد { $member } من جديد بلغة يتكلمها أو بحضور مترجم.
safeguard-child-consent = { $why ->
    [assent] لم يُبدِ الفرد { $member } (طفل) قبوله بنفسه بعد آخر جلسة إرشاد.
   *[guardian] لم يوافق أي والد أو وليّ عن الفرد { $member } (طفل) بعد آخر جلسة إرشاد.
}
safeguard-child-consent-clears = { $why ->
    [assent] سجّل قبول الفرد { $member } بكلمات يفهمها الطفل.
   *[guardian] سجّل موافقة وليّ عن الفرد { $member }.
}
safeguard-recounselling = تغيّر وضع منطقة الوجهة منذ آخر جلسة إرشاد (حينها: { $then }؛ الآن: { $now }).
safeguard-recounselling-clears = أعد إرشاد الأسرة حول الأوضاع الحالية للوجهة، ثم خذ موافقتها من جديد.
safeguard-cooling-off = لم تنتهِ مهلة التروي البالغة { $days ->
    [one] يوماً واحداً
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يوماً
   *[other] { $days } يوم
} بعد الموافقة (تنتهي في { $until }).
safeguard-cooling-off-clears = انتظر حتى { $until }، أو اطلب من مشرف الإعفاء منها مع ذكر السبب.
safeguard-destination-unsafe = منطقة الوجهة غير آمنة.
safeguard-destination-unsafe-clears = لا عودة إلى هذه المنطقة ما دامت غير آمنة. اختر وجهة أخرى أو انتظر تغيّر وضعها.
safeguard-destination-conditional = { $why ->
    [not-mitigable] الوجهة مشروطة، وقد وجد آخر تقييم للمخاطر خطراً لا يمكن التخفيف منه.
   *[missing] الوجهة مشروطة ولم يُسجَّل أي تقييم فردي للمخاطر.
}
safeguard-destination-conditional-clears = سجّل تقييماً فردياً للمخاطر يخلص إلى إمكانية التخفيف من الخطر، مع تدابير التخفيف.
safeguard-destination-unassessed = وضع الوجهة هو "{ $status }": لا توجد أدلة مستقلة حديثة على أن العودة آمنة.
safeguard-destination-unassessed-clears = انتظر تقييمات حديثة للمنطقة من منظمتين.
safeguard-coercion-open = { $count ->
    [one] يوجد مؤشر إكراه واحد مفتوح.
    [two] يوجد مؤشرا إكراه مفتوحان.
    [few] توجد { $count } مؤشرات إكراه مفتوحة.
    [many] يوجد { $count } مؤشراً للإكراه مفتوحاً.
   *[other] يوجد { $count } مؤشر إكراه مفتوح.
}
safeguard-coercion-open-clears = يراجع مشرف كل مؤشر مفتوح مع كتابة ملاحظة.
safeguard-suspensive-hold = { $count ->
    [one] يوجد إيقاف واحد ذو أثر موقِف قيد الانتظار (طعن أو قرار قضائي أو شكوى).
    [two] يوجد إيقافان ذوا أثر موقِف قيد الانتظار (طعن أو قرار قضائي أو شكوى).
    [few] توجد { $count } إيقافات ذات أثر موقِف قيد الانتظار (طعن أو قرار قضائي أو شكوى).
    [many] يوجد { $count } إيقافاً ذا أثر موقِف قيد الانتظار (طعن أو قرار قضائي أو شكوى).
   *[other] يوجد { $count } إيقاف ذي أثر موقِف قيد الانتظار (طعن أو قرار قضائي أو شكوى).
}
safeguard-suspensive-hold-clears = انتظر القرار؛ يُرفع الإيقاف مع ملاحظة عند صدوره.
safeguard-best-interests = { $why ->
    [needs-determination] الفرد { $member } طفل غير مصحوب أو منفصل: يلزم قرار رسمي بتحديد المصلحة الفضلى من لجنة.
    [not-in-favour] لم تخلص إجراءات المصلحة الفضلى للفرد { $member } إلى أن العودة في مصلحة الطفل.
   *[missing] لا يوجد تقييم للمصلحة الفضلى للفرد { $member } (طفل).
}
safeguard-best-interests-clears = { $why ->
    [needs-determination] تحدد لجنة متعددة التخصصات المصلحة الفضلى للفرد { $member }: سجّل هذا القرار.
    [not-in-favour] لا يمكن أن تتم عودة الفرد { $member } إلا إذا خلصت مراجعة لإجراءات المصلحة الفضلى إلى أن العودة في مصلحة الطفل: سجّل نتيجتها.
   *[other] سجّل للفرد { $member } إجراءً للمصلحة الفضلى (قراراً من لجنة إن كان الطفل غير مصحوب أو منفصلاً) يخلص إلى أن العودة في مصلحة الطفل.
}
safeguard-child-detention = سُجّل الفرد { $member }، وهو طفل، في احتجاز إداري للهجرة.
safeguard-child-detention-clears = يبقى هذا التنبيه في السجل. احتجاز الطفل يخالف دائماً مصلحته الفضلى: أبلغ جهة حماية الطفل.
safeguard-screening-due = { $count ->
    [one] فحص هشاشة واحد للمتابعة مستحق.
    [two] فحصا هشاشة للمتابعة مستحقان.
    [few] { $count } فحوص هشاشة للمتابعة مستحقة.
    [many] { $count } فحصاً للمتابعة مستحقاً.
   *[other] { $count } فحص هشاشة للمتابعة مستحق.
}
safeguard-screening-due-clears = سجّل الفحص الكامل الذي يتابع كل فحص سريع إيجابي.

nav-work = مهامي
work-title = مهامي
work-intro = مهامك المفتوحة في الملفات التي تتولاها، الأكثر إلحاحاً أولاً.
work-none = لا شيء بانتظارك.
work-caption = المهام المفتوحة
work-due = الاستحقاق
work-task = المهمة
work-overdue = متأخرة
work-task-screening_due = فحص هشاشة للمتابعة مستحق
work-task-indicator_to_review = مؤشر إكراه بانتظار المراجعة
work-task-hold_to_review = إيقاف بانتظار المراجعة
work-task-approval_waiting = عودة بانتظار الموافقة
work-task-cooling_off_ending = انتهاء مهلة التروي
## صفحة الملف: طريق العودة، «لماذا لا يمكن لهذا الملف أن يتقدّم؟»، النماذج التي تنقل الملف،
## والسجلات التي تقرؤها الضمانات.

lc-title = طريق العودة والضمانات
lc-road-label = مراحل العودة
lc-step-done = (منجزة)
lc-current = الآن:
lc-next = التالي:
lc-why-blocked = لماذا لا يمكن لهذا الملف أن ينتقل إلى «{ $state }»؟
lc-can-proceed = يمكن لهذا الملف أن ينتقل إلى «{ $state }».
lc-forced-proceed = العودة القسرية تُرصد ولا تُوقف: يمكنها الانتقال إلى «{ $state }»، وتُحفظ كل ملاحظة بوصفها تنبيهًا.
lc-refused = رُفض الانتقال: لم يتغيّر شيء.
lc-clears = ما يرفعه:
lc-member = الفرد { $member }
lc-rules-version = مجموعة القواعد:
lc-proceed = الانتقال إلى «{ $state }»
lc-resume = الاستئناف: العودة إلى «{ $state }»
lc-approve = الموافقة على العودة
lc-supervisor-approves = يوافق مشرف على العودة، ولا يجوز أن يكون الشخص الذي أعدّ الملف.
lc-four-eyes = مبدأ العينين الأربع: أنت من أعدّ هذا الملف أو يتولاه، لذا يجب أن يوافق عليه مشرف آخر.
lc-approve-refused = لا يوافق على العودة إلا مشرف.
lc-withdrawn = أُلغيت العودة. إن غيّر الشخص رأيه فقدّم له الإرشاد من جديد.
lc-end-of-road = لا توجد مرحلة أخرى على الطريق.
lc-move-title = التعليق أو الإلغاء أو إعادة الإرشاد
lc-field-move = الإجراء
lc-field-reason = السبب
lc-move-suspend = تعليق الملف
lc-move-withdraw = إلغاء العودة
lc-move-recounsel = إعادة الإرشاد (يجب إعطاء الموافقة من جديد)
lc-move-submit = تأكيد
lc-transitions = المراحل المقطوعة
lc-transitions-none = لم يتقدّم الملف بعد.
lc-col-move = المرحلة
lc-col-reason = السبب
lc-col-rules = مجموعة القواعد
lc-to = إلى
lc-conflict-already-withdrawn = سُحبت هذه الموافقة من قبل.
lc-conflict-already-resolved = عولج هذا السجل من قبل.
lc-conflict-person-erased = مُحيت بيانات هذا الشخص.
lc-conflict-record-not-resolvable = لا يُعالج إلا مؤشرات الإكراه والتعليقات.

finding-severity-block = يمنع
finding-severity-warn = تحذير
finding-severity-alert = تنبيه (رصد)

transition-reason-returnee_request = بطلب من العائد
transition-reason-consent_withdrawn = سُحبت الموافقة
transition-reason-safety_concern = مخاوف تتعلق بالسلامة
transition-reason-destination_status_changed = تغيّر وضع الوجهة
transition-reason-medical_reasons = أسباب طبية
transition-reason-pending_decision = قرار قيد الانتظار
transition-reason-documents_missing = وثائق ناقصة
transition-reason-other = غير ذلك

lc-records = سجلات الضمانات
lc-records-none = لم يُسجَّل شيء بعد.
lc-col-record = السجل
lc-col-member = الفرد
lc-col-on = التاريخ
lc-col-details = التفاصيل
lc-col-state = الحالة
lc-household = الأسرة كلها
lc-open = مفتوح
lc-resolved = معالَج
lc-resolution = القرار:
lc-none = لا شيء
lc-destination-then = الوجهة وقت الجلسة:
lc-add-record = تسجيل
lc-save = حفظ
lc-lift-hold = رفع التعليق
lc-review-coercion = مراجعة مؤشر الإكراه
lc-consents = الموافقة على العودة، لكل فرد
lc-consents-active = { $count ->
    [one] موافقة سارية واحدة
    [two] موافقتان ساريتان
    [few] { $count } موافقات سارية
    [many] { $count } موافقةً سارية
   *[other] { $count } موافقة سارية
}
lc-withdrawn-on = سُحبت في
lc-withdraw-consent = سحب هذه الموافقة
lc-record-consent = تسجيل الموافقة

lc-field-held-on = تاريخ الجلسة
lc-field-language = اللغة
lc-hint-language = رمز ISO 639، مثل ar أو fr أو en أو prs.
lc-field-interpreter = حضر مترجم شفهي
lc-field-sheet = إصدار ورقة المعلومات
lc-hint-sheet = كما هو مطبوع على الورقة المسلَّمة، مثل { $example }.
lc-field-topics = المواضيع التي تناولتها الجلسة
lc-field-questions = الأسئلة التي طرحتها الأسرة، بكلماتها
lc-field-role = من يوافق
lc-field-method = الطريقة
lc-field-given-on = تاريخ الموافقة
lc-field-coercion = المؤشر
lc-field-member = الفرد
lc-field-observed-on = تاريخ الملاحظة
lc-field-note = ملاحظة
lc-field-screened-on = تاريخ الفحص
lc-field-stage = المستوى
lc-field-follows = متابعة للفحص السريع
lc-field-factors = عوامل الخطر والحماية
lc-field-domains = مجالات القلق
lc-field-rating = التدخل المطلوب:
lc-field-assessed-on = تاريخ التقييم
lc-field-risk-found = وُجد خطر
lc-field-mitigable = يمكن التخفيف من الخطر
lc-field-mitigation = كيف يُخفَّف الخطر
lc-field-child = الطفل
lc-field-decided-on = تاريخ القرار
lc-field-bi-kind = الإجراء
lc-field-bi-outcome = النتيجة
lc-field-options = الحلول الدائمة التي قورنت
lc-field-child-heard = استُمع إلى الطفل
lc-field-legal-representation = كان للطفل تمثيل قانوني
lc-field-panel = أعضاء اللجنة
lc-hint-panel = تصدر لجنة من ثلاثة أشخاص على الأقل قرار تحديد المصلحة.
lc-field-review-on = المراجعة في موعد أقصاه (YYYY-MM-DD)
lc-hint-review-on = إلزامي لقرار التحديد.
lc-field-hold = التعليق
lc-field-suspensive = يعلّق العودة ما دام قائمًا
lc-field-placed-on = تاريخ التعليق
lc-field-appeal-pending = يوجد طعن قيد النظر
lc-field-waiver = سبب التنازل عن فترة التروي
lc-field-why = لماذا، بكلماتك
lc-field-resolution = ما توصلت إليه المراجعة، أو سبب رفع التعليق

record-counselling = جلسة إرشاد
record-coercion_indicator = مؤشر إكراه
record-vulnerability_screening = فحص الهشاشة
record-risk_assessment = تقييم فردي للمخاطر
record-best_interests = المصلحة الفضلى للطفل
record-hold = تعليق
record-cooling_off_waiver = التنازل عن فترة التروي (مشرف)
record-removal_decision = قرار الترحيل (عودة قسرية)

topic-safety_at_destination = السلامة في الوجهة
topic-area_status = وضع المنطقة
topic-housing = السكن
topic-livelihoods = سبل العيش
topic-documentation = الوثائق
topic-health_care = الرعاية الصحية
topic-education = التعليم
topic-reintegration_assistance = مساعدة إعادة الإدماج
topic-alternatives = بدائل العودة
topic-right_to_withdraw = الحق في التراجع
topic-travel = السفر

coercion-decision_in_detention = قرار اتُّخذ أثناء الاحتجاز
coercion-time_pressure = ضغط الوقت
coercion-threats_or_loss_of_benefits = تهديد أو فقدان مساعدات
coercion-conditional_incentives = حوافز مشروطة
coercion-misinformation = معلومات مضلِّلة
coercion-family_or_community_pressure = ضغط الأسرة أو المجتمع
coercion-no_alternatives_explained = لم تُشرح البدائل
coercion-capacity_in_doubt = الأهلية لاتخاذ القرار موضع شك

factor-unaccompanied_or_separated_child = طفل غير مصحوب أو منفصل (خطر)
factor-pregnancy = حمل (خطر)
factor-gbv_survivor = ناجية أو ناجٍ من العنف القائم على النوع الاجتماعي (خطر)
factor-trafficking_victim = ضحية اتجار (خطر)
factor-serious_medical_condition = حالة طبية خطيرة (خطر)
factor-disability = إعاقة (خطر)
factor-older_person = شخص مسن (خطر)
factor-lgbti = من مجتمع الميم (خطر)
factor-violence_in_transit = عنف أثناء العبور (خطر)
factor-international_protection_needs = احتياجات الحماية الدولية (خطر)
factor-family_support = دعم الأسرة (حماية)
factor-community_ties = روابط مجتمعية (حماية)
factor-livelihood = سبل العيش (حماية)
factor-documents_held = وثائق متوفرة (حماية)
factor-other = غير ذلك

domain-child = الطفل
domain-sex_gender_orientation = الجنس والنوع الاجتماعي والميول
domain-health_and_welfare = الصحة والرفاه
domain-protection_needs = احتياجات الحماية
domain-other = غير ذلك

rating-low = منخفض
rating-medium = متوسط
rating-high = مرتفع

stage-rapid = فحص سريع
stage-full = فحص كامل

bi-kind-assessment = تقييم المصلحة الفضلى
bi-kind-determination = تحديد المصلحة الفضلى (لجنة)
bi-outcome-return_in_best_interests = العودة في مصلحة الطفل الفضلى
bi-outcome-return_not_in_best_interests = العودة ليست في مصلحة الطفل الفضلى
bi-outcome-deferred = مؤجَّل

solution-return = العودة
solution-local_integration = الاندماج المحلي
solution-resettlement = إعادة التوطين
solution-family_reunification = لمّ شمل الأسرة

hold-pending_appeal = طعن قيد النظر
hold-pending_court_decision = حكم قضائي منتظر
hold-grievance = شكوى
hold-other = غير ذلك

waiver-medical_urgency = حالة طبية عاجلة
waiver-family_reunification = لمّ شمل الأسرة
waiver-safety_in_host_country = السلامة في بلد اللجوء
waiver-returnee_request_after_counselling = طلب العائد بعد الإرشاد

consent-role-own = عن نفسه
consent-role-assent = قبول الطفل بنفسه
consent-role-guardian = أحد الوالدين أو الوصي، عن الطفل
consent-method-written = كتابية
consent-method-oral = شفهية
consent-method-digital = رقمية
consent-purpose-return = العودة
consent-purpose-follow_up_monitoring = المتابعة بعد العودة
consent-purpose-data_sharing = مشاركة البيانات
lc-out-of-scope = لا يُعرض طريق العودة وسجلاته إلا على الفريق الذي يتولى الملف.

lc-yes = نعم
lc-no = لا
event-case-transitioned = انتقل الملف إلى مرحلة أخرى
event-case-recorded = أُضيف سجل ضمانات
event-case-record_resolved = عولج سجل ضمانات
event-case-assigned = أُسند الملف
event-case-sensitivity_set = وُسم الملف بالحساسية
event-case-closed = أُغلق الملف
event-consent-given = أُعطيت الموافقة
event-consent-withdrawn = سُحبت الموافقة
work-task-best_interests_due = إجراء المصلحة الفضلى مستحق (أشار فحص إلى طفل)

forced-alerts-title = العودة القسرية: تنبيهات بشأن الحقوق
forced-alerts-intro = { $count ->
    [one] تُرصد حالة عودة قسرية واحدة. لا يُوقف شيء؛ تُسجَّل كل ضمانة لم تتحقق وتُحصى.
    [two] تُرصد حالتا عودة قسرية. لا يُوقف شيء؛ تُسجَّل كل ضمانة لم تتحقق وتُحصى.
    [few] تُرصد { $count } حالات عودة قسرية. لا يُوقف شيء؛ تُسجَّل كل ضمانة لم تتحقق وتُحصى.
   *[other] تُرصد { $count } حالة عودة قسرية. لا يُوقف شيء؛ تُسجَّل كل ضمانة لم تتحقق وتُحصى.
}
forced-alerts-none = لم تتقدم أي عودة قسرية مع تنبيه.
forced-alerts-rule = التنبيه
forced-alerts-cases = حالات العودة القسرية
rule-label-age_known = العمر غير معروف
rule-label-counselled = لا إرشاد
rule-label-counselling_interpreter = الإرشاد غير مفهوم
rule-label-consent_return = الموافقة على العودة غائبة
rule-label-consent_language = موافقة بلغة غير مفهومة
rule-label-child_consent = موافقة أو قبول الطفل غائب
rule-label-recounselling = تغيّرت الوجهة منذ الإرشاد
rule-label-cooling_off = مهلة التروي لم تنتهِ
rule-label-destination_unsafe = الوجهة غير آمنة
rule-label-destination_conditional = وجهة مشروطة دون خطر قابل للتخفيف
rule-label-destination_unassessed = الوجهة غير مقيّمة أو أدلتها قديمة
rule-label-coercion_open = مؤشر إكراه مفتوح
rule-label-suspensive_hold = طعن أو إيقاف قيد الانتظار
rule-label-best_interests = المصلحة الفضلى للطفل غير محددة
rule-label-child_detention = طفل في احتجاز إداري للهجرة
rule-label-screening_due = فحص متابعة مستحق

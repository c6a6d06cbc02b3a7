# دورة العودة وضماناتها (المسألة 5). تشير الرسائل إلى أفراد الأسرة بترتيبهم ("الفرد 2")، لا بأسمائهم.

problem-safeguards-blocked = لا يمكن لهذا الملف أن يتقدم: إحدى الضمانات تمنعه
error-language-unknown = رمز اللغة هذا غير معروف في Homeward (ISO 639)
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
safeguard-cooling-off = لم تنتهِ مهلة التروي البالغة { $days } أيام بعد الموافقة (تنتهي في { $until }).
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
safeguard-coercion-open = يوجد { $count } من مؤشرات الإكراه مفتوحة.
safeguard-coercion-open-clears = يراجع مشرف كل مؤشر مفتوح مع كتابة ملاحظة.
safeguard-suspensive-hold = يوجد { $count } من الإيقافات ذات الأثر الموقِف قيد الانتظار (طعن أو قرار قضائي أو شكوى).
safeguard-suspensive-hold-clears = انتظر القرار؛ يُرفع الإيقاف مع ملاحظة عند صدوره.
safeguard-best-interests = { $why ->
    [needs-determination] الفرد { $member } طفل غير مصحوب أو منفصل: يلزم قرار رسمي بتحديد المصلحة الفضلى من لجنة.
    [not-in-favour] لم تخلص إجراءات المصلحة الفضلى للفرد { $member } إلى أن العودة في مصلحة الطفل.
   *[missing] لا يوجد تقييم للمصلحة الفضلى للفرد { $member } (طفل).
}
safeguard-best-interests-clears = سجّل { $why ->
    [needs-determination] قراراً بتحديد
   *[other] تقييماً لـ
} المصلحة الفضلى للفرد { $member } يخلص إلى أن العودة في مصلحة الطفل.
safeguard-child-detention = سُجّل الفرد { $member }، وهو طفل، في احتجاز إداري للهجرة.
safeguard-child-detention-clears = يبقى هذا التنبيه في السجل. احتجاز الطفل يخالف دائماً مصلحته الفضلى: أبلغ جهة حماية الطفل.
safeguard-screening-due = يوجد { $count } من فحوص الهشاشة للمتابعة مستحقة.
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

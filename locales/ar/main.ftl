# هوموارد — العربية.

## المشكلات
problem-unauthenticated = يرجى تسجيل الدخول.
problem-bad-credentials = البريد الإلكتروني أو كلمة المرور غير صحيحة.
problem-throttled = محاولات دخول فاشلة كثيرة لهذا الحساب. انتظر بضع دقائق ثم حاول مجددًا.
problem-forbidden = غير مسموح لك بهذا الإجراء.
problem-not-found = هذه الصفحة أو هذا السجل غير موجود، أو لا يمكنك الاطلاع عليه.
problem-invalid = بعض الحقول تحتاج إلى تصحيح.
problem-conflict = يتعارض هذا مع بيانات موجودة.
problem-too-large = الطلب كبير جدًا.
problem-unsupported-type = نوع محتوى الطلب غير صحيح.
problem-timeout = استغرق الطلب وقتًا طويلًا.
problem-internal = حدث خطأ من جهتنا. لم يُحفظ أي شيء.
problem-csrf = انتهت صلاحية هذا النموذج. أعد تحميل الصفحة وحاول مجددًا.

## أخطاء الحقول
error-required = هذا الحقل مطلوب.
error-text-control-characters = يحتوي على محارف تحكم أو محارف تغيير اتجاه.
error-text-too-long = طويل جدًا.
error-identifier-characters = يحتوي على مسافات أو محارف غير مرئية أو محارف تحكم.
error-email = عنوان بريد إلكتروني غير صالح.
error-email-taken = هذا البريد الإلكتروني مستخدم من قبل.
error-language-code = استخدم رمز لغة من حرفين أو ثلاثة، مثل «ar».
error-country-code = استخدم رمز بلد من حرفين، مثل «XA».
error-date = تاريخ غير صالح (YYYY-MM-DD).
error-date-in-future = التاريخ في المستقبل.
error-age-out-of-range = سيتجاوز العمر 130 سنة.
error-household-empty = يجب أن تضم الأسرة فردًا واحدًا على الأقل.
error-household-too-large = عدد الأفراد كبير جدًا لأسرة واحدة.
error-household-one-head = يجب أن يكون للأسرة ربّ أسرة واحد بالضبط.
error-child-as-parent = لا يمكن أن يكون الطفل والدًا لربّ الأسرة.
error-reference = يتكون المرجع من حروف وأرقام وشرطات فقط.
error-pcode = رمز P غير صالح.
error-pcode-prefix = يجب أن يبدأ رمز P برمز المنطقة الأم.
error-pcode-unknown = لا توجد منطقة بهذا الرمز.
error-pcode-duplicate = رمز P هذا موجود من قبل.
error-area-parent-level = المنطقة الأم ليست في المستوى الأعلى مباشرة.
error-area-parent-unknown = تحتاج هذه المنطقة إلى منطقة أم.
error-unknown-value = ليست من القيم المسموح بها.
error-unknown-user = لا يوجد مستخدم في منظمتك بهذا المعرّف.
error-unknown-organisation = لا توجد منظمة بهذا المعرّف.
error-cursor = مؤشر صفحة غير صالح.
error-limit = يجب أن يكون حجم الصفحة بين 1 و200.
error-csv = هذا السطر ليس بصيغة CSV صالحة.
error-csv-header = يجب أن يكون سطر العناوين: pcode,name,level,parent.
error-too-many-rows = عدد الأسطر كبير جدًا لعملية استيراد واحدة.
error-id = معرّف غير صالح.
error-password-too-short = يجب أن تتكون كلمة المرور من 12 محرفًا على الأقل.
error-json-syntax = المحتوى ليس JSON صالحًا.
error-json-type = نوع القيمة غير صحيح.
error-unknown-field = حقل غير معروف.
error-missing-field = هذا الحقل مطلوب.
error-duplicate-field = هذا الحقل مكرر.

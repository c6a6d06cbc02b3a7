# Homeward — English. Every id here must exist in every other language (checked by tests).

## Problems (titles of API error documents and error pages)
problem-unauthenticated = Please sign in.
problem-bad-credentials = The email or password is not correct.
problem-throttled = Too many failed sign-ins for this account. Wait a few minutes and try again.
problem-forbidden = You are not allowed to do this.
problem-not-found = This page or record does not exist, or you cannot see it.
problem-invalid = Some fields need attention.
problem-conflict = This conflicts with data that already exists.
problem-too-large = The request is too large.
problem-unsupported-type = The request has the wrong content type.
problem-timeout = The request took too long.
problem-internal = Something went wrong on our side. Nothing was saved.
problem-csrf = This form has expired. Reload the page and try again.

## Field errors
error-required = This field is required.
error-text-control-characters = Contains control or direction-override characters.
error-text-too-long = Too long.
error-identifier-characters = Contains spaces, invisible or control characters.
error-email = Not a valid email address.
error-email-taken = This email is already in use.
error-language-code = Use a two- or three-letter language code, such as “ar”.
error-country-code = Use a two-letter country code, such as “XA”.
error-date = Not a valid date (YYYY-MM-DD).
error-date-in-future = The date is in the future.
error-age-out-of-range = The age would be over 130 years.
error-household-empty = A household needs at least one member.
error-household-too-large = Too many members for one household.
error-household-one-head = A household needs exactly one head.
error-child-as-parent = A child cannot be the parent of the head of household.
error-reference = A reference has only letters, digits and dashes.
error-pcode = Not a valid P-code.
error-pcode-prefix = The P-code must start with its parent's P-code.
error-pcode-unknown = No area has this P-code.
error-pcode-duplicate = This P-code already exists.
error-area-parent-level = The parent is not one level above.
error-area-parent-unknown = This area needs a parent.
error-unknown-value = Not one of the allowed values.
error-unknown-user = No user of your organisation has this id.
error-unknown-organisation = No organisation has this id.
error-cursor = Not a valid page cursor.
error-limit = The page size must be between 1 and 200.
error-csv = This line is not valid CSV.
error-csv-header = The header must be: pcode,name,level,parent.
error-too-many-rows = Too many rows in one import.
error-id = Not a valid id.
error-password-too-short = The password must have at least 12 characters.
error-json-syntax = The body is not valid JSON.
error-json-type = Wrong type of value.
error-unknown-field = Unknown field.
error-missing-field = This field is required.
error-duplicate-field = This field appears twice.

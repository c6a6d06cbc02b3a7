//! What the tests are made of: the password of every test user and their emails, the areas of
//! every node, a household to register, an area assessment, random names, and making a user.

use homeward_app::App;
use homeward_app::accounts::organisations::{Admin, NewUser};
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

/// Password of every test user.
pub const PASSWORD: &str = "correct horse battery staple";

/// The areas every test node has: two countries, one province, two districts.
pub const AREAS_CSV: &str = "pcode,name,level,parent\n\
XA,Xaland,country,\n\
XB,Xbland,country,\n\
XB01,North Xbland,adm1,XB\n\
XB0101,Riverside,adm2,XB01\n\
XB0102,Hillcrest,adm2,XB01\n";

/// Random lower-case hex, `n` bytes long.
pub fn random_hex(n: usize) -> String {
    let bytes: [u8; 16] = homeward_crypto::random_bytes();
    bytes[..n.min(16)]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A random number below `n`.
pub fn random_below(n: u64) -> u64 {
    u64::from_le_bytes(homeward_crypto::random_bytes()) % n.max(1)
}

/// The email of the user holding `role` in organisation A.
pub fn email(role: Role) -> String {
    format!("{}@a.test", role.as_str().replace('_', "-"))
}

/// The caseworker of organisation B.
pub const B_CASEWORKER: &str = "caseworker@b.test";

/// A one-person household returning to `XB0101`; every personal field is filled.
pub fn household(given: &str, family: &str) -> Value {
    json!({
        "members": [{
            "relationship": "head",
            "sex": "female",
            "given_name": given,
            "family_name": family,
            "date_of_birth": "1990-06-15",
            "nationality": "XB",
            "languages": ["ar", "fr"],
        }],
        "case": {
            "kind": "assisted_voluntary_return",
            "host_country": "XA",
            "origin_country": "XB",
            "destination_area": "XB0101",
        }
    })
}

/// The eight shipped criteria.
pub const CRITERIA: [&str; 8] = [
    "safety",
    "standard_of_living",
    "livelihoods",
    "housing_land_property",
    "documentation",
    "family_reunification",
    "participation",
    "remedies_justice",
];

/// An assessment finding every criterion `status`, dated `on`.
pub fn assessment_body(on: &str, status: &str) -> Value {
    json!({
        "assessed_on": on,
        "source_type": "key_informant",
        "findings": CRITERIA.iter().map(|c| json!({
            "criterion": c, "status": status, "evidence": format!("{c}: observed on site"),
        })).collect::<Vec<_>>(),
    })
}

/// Creates a user with the test password.
pub async fn add_user(app: &App, organisation_id: &str, roles: &[Role], email: &str) -> String {
    let roles: Vec<String> = roles.iter().map(|r| r.as_str().to_owned()).collect();
    app.create_user(
        Admin::Operator,
        NewUser {
            organisation_id,
            email,
            display_name: email.split('@').next().unwrap_or("user"),
            roles: &roles,
            password: PASSWORD,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("create user {email}: {e}"))
    .id
}

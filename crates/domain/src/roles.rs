//! The roles a user can hold in an organisation (DESIGN.md section 3).

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the wire form; `None` for anything else, so callers choose the field name
            /// for the error.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// What a user may do depends on the role it holds; the policy lives in the application layer.
    Role {
        Caseworker = "caseworker",
        Supervisor = "supervisor",
        Monitor = "monitor",
        Assessor = "assessor",
        ProgrammeManager = "programme_manager",
        Finance = "finance",
        Dpo = "dpo",
        Auditor = "auditor",
        Admin = "admin",
    }
}

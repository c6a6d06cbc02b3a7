//! Sealing and opening a person's personal fields with their data key.

use crate::{App, AppError};
use homeward_crypto::{DataKey, open, seal};
use homeward_domain::cases::person::PersonalFields;
use std::collections::BTreeMap;

impl App {
    /// Seals every present field; returns the sealed map and the wrapped data key to store.
    pub(crate) fn seal_person(
        &self,
        person_id: &str,
        fields: &PersonalFields,
    ) -> (BTreeMap<String, String>, String) {
        let key = DataKey::generate();
        let sealed = PersonalFields::FIELDS
            .iter()
            .filter_map(|f| {
                fields
                    .get(f)
                    .map(|v| ((*f).to_owned(), seal(&key, person_id, f, v)))
            })
            .collect();
        (sealed, self.master.wrap(&key, person_id))
    }

    /// Opens a person's fields. `None` when the person was erased (no key, or no ciphertext).
    pub(crate) async fn open_person(
        &self,
        person_id: &str,
        sealed: Option<&str>,
    ) -> Result<Option<PersonalFields>, AppError> {
        let (Some(sealed), Some(wrapped)) =
            (sealed, self.store.wrapped_person_key(person_id).await?)
        else {
            return Ok(None);
        };
        let key = self
            .master
            .unwrap_key(&wrapped, person_id)
            .map_err(|_| AppError::Conflict("key-unreadable"))?;
        let map: BTreeMap<String, String> = serde_json::from_str(sealed)
            .map_err(|_| AppError::Conflict("sealed-fields-unreadable"))?;
        let mut fields = PersonalFields::default();
        for (name, ciphertext) in &map {
            let value = open(&key, person_id, name, ciphertext)
                .map_err(|_| AppError::Conflict("sealed-fields-unreadable"))?;
            fields.set(name, value);
        }
        Ok(Some(fields))
    }

    /// Seals corrected fields under the person's existing data key. `None` when the person was
    /// erased (no key left to seal under).
    pub(crate) async fn reseal_person(
        &self,
        person_id: &str,
        fields: &PersonalFields,
    ) -> Result<Option<BTreeMap<String, String>>, AppError> {
        let Some(wrapped) = self.store.wrapped_person_key(person_id).await? else {
            return Ok(None);
        };
        let key = self
            .master
            .unwrap_key(&wrapped, person_id)
            .map_err(|_| AppError::Conflict("key-unreadable"))?;
        Ok(Some(
            PersonalFields::FIELDS
                .iter()
                .filter_map(|f| {
                    fields
                        .get(f)
                        .map(|v| ((*f).to_owned(), seal(&key, person_id, f, v)))
                })
                .collect(),
        ))
    }
}

impl App {
    /// Seals a record's free text under a person's data key, bound to the record and the field
    /// (`note`, `resolution`). `None` when the person was erased: nothing can be sealed for them.
    pub(crate) async fn seal_note(
        &self,
        person_id: &str,
        record_id: &str,
        field: &str,
        text: &str,
    ) -> Result<Option<String>, AppError> {
        let Some(wrapped) = self.store.wrapped_person_key(person_id).await? else {
            return Ok(None);
        };
        let key = self
            .master
            .unwrap_key(&wrapped, person_id)
            .map_err(|_| AppError::Conflict("key-unreadable"))?;
        Ok(Some(seal(
            &key,
            person_id,
            &format!("{field}:{record_id}"),
            text,
        )))
    }

    /// Opens a sealed note; `None` once the person's key is destroyed.
    pub(crate) async fn open_note(
        &self,
        person_id: &str,
        record_id: &str,
        field: &str,
        sealed: &str,
    ) -> Result<Option<String>, AppError> {
        let Some(wrapped) = self.store.wrapped_person_key(person_id).await? else {
            return Ok(None);
        };
        let key = self
            .master
            .unwrap_key(&wrapped, person_id)
            .map_err(|_| AppError::Conflict("key-unreadable"))?;
        open(&key, person_id, &format!("{field}:{record_id}"), sealed)
            .map(Some)
            .map_err(|_| AppError::Conflict("sealed-fields-unreadable"))
    }
}

//! Marginalia: read sources, highlight and tag spans, link annotations across
//! sources, reconcile conflicting figures, and export annotated bibliographies.
//!
//! Layers (see ARCHITECTURE.md): [`model`] (pure) ← [`store`] (files) ← `ui` and [`cli`].
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod cli;
pub mod model;
pub mod properties;
pub mod store;
#[doc(hidden)]
pub mod testing;
#[cfg(feature = "gui")]
pub mod ui;

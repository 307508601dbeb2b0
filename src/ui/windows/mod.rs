//! Floating windows, one file each, after egui's demo: a window's open flag and the
//! text typed into it live in its struct (`ui/state/windows.rs`, plain data the
//! dispatcher can open and close), and its `show` draws it from the project it is
//! given, sending commands for every change.

mod codebook;
mod link_picker;
mod notifications;
mod palette;
mod prompts;

pub use notifications::toasts;
pub use prompts::{CloseChoice, close_question, path_prompt, title_prompt};

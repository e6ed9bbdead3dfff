//! Files dropped on the window: a scene (`.ron`) is loaded; any other file is read as a
//! structure (XYZ, PDB, mmCIF, LAMMPS data) and becomes the running scene's nanoparticle
//! ([`SimCommand::ReplaceNanoparticle`]). The worker reports a file it cannot use in the
//! Messages panel, and the running simulation goes on.

use std::path::Path;

use bevy::prelude::*;
use bevy::window::FileDragAndDrop;

use super::AppSet;
use super::simulation::PendingCommands;
use crate::live::SimCommand;

/// Loads the files dropped on the window.
pub struct FileDropPlugin;

impl Plugin for FileDropPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, dropped_files.in_set(AppSet::Control));
    }
}

/// What a file dropped at `path` asks the worker to do.
pub fn command_for(path: &Path) -> SimCommand {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        SimCommand::LoadScene(path.to_path_buf())
    } else {
        SimCommand::ReplaceNanoparticle(path.to_path_buf())
    }
}

fn dropped_files(mut drops: MessageReader<FileDragAndDrop>, mut pending: ResMut<PendingCommands>) {
    for drop in drops.read() {
        if let FileDragAndDrop::DroppedFile { path_buf, .. } = drop {
            pending.push(command_for(path_buf));
        }
    }
}

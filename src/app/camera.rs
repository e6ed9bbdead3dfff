//! `OrbitCameraPlugin`: the 3D camera orbits a target. Left drag rotates, right or middle drag
//! pans, the wheel zooms; with "follow nanoparticle" the target is the nanoparticle's displayed
//! centre of mass. No MSAA (thousands of small spheres on a software renderer under CI).

use bevy::gizmos::config::{DefaultGizmoConfigGroup, GizmoConfigStore};
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;

use super::AppSet;
use super::simulation::LatestSnapshot;
use super::view::{DisplayFrame, ViewSettings};

/// The orbiting 3D camera.
pub struct OrbitCameraPlugin;

impl Plugin for OrbitCameraPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<ViewportRect>()
            .add_systems(Startup, spawn_orbit_camera)
            .add_systems(Update, orbit_camera.in_set(AppSet::Control))
            .add_systems(
                Update,
                (frame_new_run, follow_nanoparticle, apply_orbit)
                    .chain()
                    .in_set(AppSet::View),
            );
    }
}

/// The free area the panels leave for the 3D view, in logical pixels (egui points). The panels
/// write it each frame; the camera renders into it and takes mouse input only there.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct ViewportRect(pub Option<bevy_egui::egui::Rect>);

/// Orbit parameters of the 3D camera.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct OrbitCamera {
    /// Point looked at [σ].
    pub target: Vec3,
    /// Distance from the target [σ].
    pub distance: f32,
    /// Rotation about the vertical axis [rad].
    pub yaw: f32,
    /// Elevation [rad].
    pub pitch: f32,
    /// Run whose box the camera was last framed on.
    pub framed_run: u64,
}

impl Default for OrbitCamera {
    fn default() -> Self {
        Self {
            target: Vec3::ZERO,
            distance: 40.0,
            yaw: 0.6,
            pitch: 0.35,
            framed_run: 0,
        }
    }
}

/// Spawns the 3D camera (order 0, no MSAA) and draws gizmos on top of the atoms.
pub fn spawn_orbit_camera(mut commands: Commands, mut gizmo_store: ResMut<GizmoConfigStore>) {
    commands.spawn((
        Camera3d::default(),
        Camera {
            order: 0,
            ..default()
        },
        Msaa::Off,
        OrbitCamera::default(),
        Transform::from_xyz(0.0, 0.0, 40.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    let (config, _) = gizmo_store.config_mut::<DefaultGizmoConfigGroup>();
    config.depth_bias = -1.0;
    config.line.width = 1.5;
}

/// Mouse: left drag rotates, right/middle drag pans, wheel zooms. A drag counts only if it began
/// inside the 3D view (the area the panels leave free) while egui was not using the pointer.
#[allow(clippy::too_many_arguments)]
pub fn orbit_camera(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    window: Query<&Window, With<PrimaryWindow>>,
    viewport: Res<ViewportRect>,
    egui_input: Option<Res<EguiWantsInput>>,
    mut settings: ResMut<ViewSettings>,
    mut cameras: Query<(&mut OrbitCamera, &Transform)>,
    mut dragging: Local<bool>,
) {
    let cursor = window.single().ok().and_then(|w| w.cursor_position());
    let in_view = match (cursor, viewport.0) {
        (Some(c), Some(r)) => r.contains(bevy_egui::egui::pos2(c.x, c.y)),
        _ => false,
    };
    let egui_busy = egui_input.is_some_and(|e| e.is_using_pointer() || e.is_popup_open());
    let any = [MouseButton::Left, MouseButton::Right, MouseButton::Middle];
    if buttons.any_just_pressed(any) {
        *dragging = in_view && !egui_busy;
    }
    if !buttons.any_pressed(any) {
        *dragging = false;
    }
    for (mut orbit, transform) in &mut cameras {
        let d = if *dragging { motion.delta } else { Vec2::ZERO };
        if buttons.pressed(MouseButton::Left) && d != Vec2::ZERO {
            orbit.yaw -= d.x * 0.008;
            orbit.pitch = (orbit.pitch + d.y * 0.008).clamp(-1.5, 1.5);
        }
        if (buttons.pressed(MouseButton::Right) || buttons.pressed(MouseButton::Middle))
            && d != Vec2::ZERO
        {
            let scale = orbit.distance * 0.0015;
            let pan = (-transform.right() * d.x + transform.up() * d.y) * scale;
            orbit.target += pan;
            // Panning away from the nanoparticle ends following.
            settings.follow = false;
        }
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        if lines != 0.0 && in_view && !egui_busy {
            orbit.distance = (orbit.distance * 0.9f32.powf(lines)).clamp(2.0, 500.0);
        }
    }
}

/// Points the camera at the box centre from a distance that shows the whole box, once per run.
pub fn frame_new_run(snapshot: Res<LatestSnapshot>, mut cameras: Query<&mut OrbitCamera>) {
    let Some(s) = snapshot.0.as_ref() else {
        return;
    };
    for mut orbit in &mut cameras {
        if orbit.framed_run != s.run_id {
            let l = s.box_length as f32;
            orbit.framed_run = s.run_id;
            orbit.target = Vec3::splat(0.5 * l);
            orbit.distance = 1.9 * l;
        }
    }
}

/// With "follow nanoparticle", keeps the target on the displayed centre of mass.
pub fn follow_nanoparticle(
    settings: Res<ViewSettings>,
    frame: Res<DisplayFrame>,
    mut cameras: Query<&mut OrbitCamera>,
) {
    if !settings.follow || !frame.has_nanoparticle {
        return;
    }
    for mut orbit in &mut cameras {
        orbit.target = frame.marker;
    }
}

/// Writes the camera transform from its orbit parameters (only when they changed).
pub fn apply_orbit(mut cameras: Query<(&OrbitCamera, &mut Transform), Changed<OrbitCamera>>) {
    for (orbit, mut transform) in &mut cameras {
        let rotation = Quat::from_euler(EulerRot::YXZ, orbit.yaw, -orbit.pitch, 0.0);
        let eye = orbit.target + rotation * Vec3::new(0.0, 0.0, orbit.distance);
        *transform = Transform::from_translation(eye).looking_at(orbit.target, Vec3::Y);
    }
}

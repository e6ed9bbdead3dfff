//! `AtomViewPlugin`: the 3D picture of the snapshot. Every atom is an entity sharing one low-poly
//! mesh and one material per type (so the renderer batches them as instances); the nanoparticle
//! stands out by colour and size; host atoms can be dimmed, shrunk, cut to a slab or a spherical
//! shell around the nanoparticle, or hidden. The centre of mass R is a marker with a fading trail drawn
//! from unwrapped positions (no jumps at the box faces); the box is a wireframe gizmo.
//!
//! Display frame: atoms are shown wrapped into a window of the periodic box, `[0, L)³`, or, when
//! following the nanoparticle, `[R − L/2, R + L/2)³`, so the particle stays whole and centred.
//! Nanoparticle atoms are drawn at the minimum image around R.

use std::collections::VecDeque;

use bevy::prelude::*;

use super::AppSet;
use super::simulation::LatestSnapshot;
use crate::md::NANOPARTICLE;

/// Draws atoms, the centre-of-mass marker and trail, and the box.
pub struct AtomViewPlugin;

impl Plugin for AtomViewPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<ViewSettings>()
            .init_resource::<Trail>()
            .init_resource::<DisplayFrame>()
            .add_systems(Startup, setup_atom_assets)
            .add_systems(
                Update,
                (
                    update_display_frame,
                    update_trail,
                    sync_atom_transforms,
                    style_host_material,
                    draw_box_and_trail,
                )
                    .chain()
                    .in_set(AppSet::View),
            );
    }
}

/// How host atoms are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum HostDisplay {
    /// Every host atom.
    #[default]
    All,
    /// Only host atoms within a slab |z − R_z| ≤ thickness/2 around the nanoparticle.
    Slab,
    /// Only host atoms within a sphere |r − R| ≤ radius around the nanoparticle's centre of mass.
    Shell,
    /// No host atoms.
    Hidden,
}

/// What the 3D view shows (set by the controls panel; kept between sessions by
/// [`crate::app::preferences`]).
#[derive(Resource, Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    /// Which host atoms are drawn.
    pub host: HostDisplay,
    /// Host sphere diameter as a fraction of σ.
    pub host_scale: f32,
    /// Dim the host atoms (darker colour) so the nanoparticle stands out.
    pub dim_host: bool,
    /// Slab thickness [σ] for [`HostDisplay::Slab`].
    pub slab: f32,
    /// Radius of the shell of host atoms shown around R [σ].
    pub shell: f32,
    /// Keep the nanoparticle at the centre of the view.
    pub follow: bool,
    /// Trail points kept (one per snapshot).
    pub trail_len: usize,
    /// Draw the box wireframe.
    pub show_box: bool,
}

impl Default for ViewSettings {
    fn default() -> Self {
        // Shrunk and dimmed host by default: with 3000 atoms at full size the nanoparticle would be
        // buried; a third of σ keeps the liquid's structure visible around it.
        Self {
            host: HostDisplay::All,
            host_scale: 0.35,
            dim_host: true,
            slab: 6.0,
            shell: 5.0,
            follow: false,
            trail_len: 600,
            show_box: true,
        }
    }
}

/// One atom's entity; the index into the snapshot's arrays.
#[derive(Component, Debug, Clone, Copy)]
pub struct Atom(pub usize);

/// The shared mesh and the per-type materials.
#[derive(Resource, Debug, Clone)]
pub struct AtomAssets {
    /// Unit-diameter icosphere (80 triangles) shared by the nanoparticle's atoms.
    pub mesh: Handle<Mesh>,
    /// Unit-diameter icosahedron (20 triangles) shared by the host atoms: they are drawn small
    /// and by the thousand, and under a software renderer their triangles are most of a frame.
    pub host_mesh: Handle<Mesh>,
    /// Host material.
    pub host: Handle<StandardMaterial>,
    /// Nanoparticle material.
    pub nanoparticle: Handle<StandardMaterial>,
}

/// Recent unwrapped centre-of-mass positions R [σ], oldest first.
#[derive(Resource, Debug, Default)]
pub struct Trail {
    /// Run whose points these are.
    pub run_id: u64,
    /// Unwrapped R [σ].
    pub points: VecDeque<Vec3>,
}

/// Where the periodic image shown in the view lies.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct DisplayFrame {
    /// Lower corner of the displayed window [σ].
    pub lo: Vec3,
    /// Box edge L [σ].
    pub length: f32,
    /// Centre of mass as displayed (wrapped into the window) [σ].
    pub marker: Vec3,
    /// Displayed minus unwrapped R [σ]: add it to unwrapped points to draw them.
    pub shift: Vec3,
    /// Whether there is a nanoparticle to mark.
    pub has_nanoparticle: bool,
    /// A rigid nanoparticle's principal axes, each as long as its outer radius [σ].
    pub body_axes: Option<[Vec3; 3]>,
}

impl DisplayFrame {
    /// `x` wrapped into the displayed window.
    pub fn wrap(&self, x: Vec3) -> Vec3 {
        if self.length <= 0.0 {
            return x;
        }
        let l = self.length;
        x - l * ((x - self.lo) / l).floor()
    }

    /// Minimum-image displacement `x − y`.
    pub fn minimum_image(&self, x: Vec3, y: Vec3) -> Vec3 {
        let d = x - y;
        if self.length <= 0.0 {
            return d;
        }
        d - self.length * (d / self.length).round()
    }
}

/// Whether a host atom at `p` [σ] is drawn: all, none, those in the slab |z − R_z| ≤ slab/2 or
/// those in the sphere |r − R| ≤ shell around the nanoparticle (minimum image; every atom when
/// there is no nanoparticle to cut around).
pub fn host_visible(settings: &ViewSettings, frame: &DisplayFrame, p: Vec3) -> bool {
    let d = frame.minimum_image(p, frame.marker);
    match settings.host {
        HostDisplay::All => true,
        HostDisplay::Hidden => false,
        HostDisplay::Slab => !frame.has_nanoparticle || d.z.abs() <= 0.5 * settings.slab,
        HostDisplay::Shell => !frame.has_nanoparticle || d.length() <= settings.shell,
    }
}

fn to_vec3(p: [f64; 3]) -> Vec3 {
    Vec3::new(p[0] as f32, p[1] as f32, p[2] as f32)
}

/// Creates the shared sphere mesh and the two materials, and the lights.
pub fn setup_atom_assets(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    // 80 triangles: round enough at atom size, cheap for thousands of instances.
    let mesh = Sphere::new(0.5)
        .mesh()
        .ico(1)
        .unwrap_or_else(|_| Sphere::new(0.5).mesh().uv(12, 8));
    let host_mesh = Sphere::new(0.5)
        .mesh()
        .ico(0)
        .unwrap_or_else(|_| Sphere::new(0.5).mesh().uv(6, 4));
    let assets = AtomAssets {
        mesh: meshes.add(mesh),
        host_mesh: meshes.add(host_mesh),
        host: materials.add(StandardMaterial {
            base_color: Color::srgb(0.25, 0.38, 0.55),
            perceptual_roughness: 0.8,
            ..default()
        }),
        nanoparticle: materials.add(StandardMaterial {
            base_color: Color::srgb(1.0, 0.55, 0.12),
            emissive: LinearRgba::rgb(0.35, 0.12, 0.0),
            perceptual_roughness: 0.5,
            ..default()
        }),
    };
    commands.insert_resource(assets);
    commands.insert_resource(GlobalAmbientLight {
        color: Color::WHITE,
        brightness: 400.0,
        ..default()
    });
    commands.spawn((
        DirectionalLight {
            illuminance: 6000.0,
            shadow_maps_enabled: false,
            ..default()
        },
        Transform::from_xyz(1.0, 2.0, 1.5).looking_at(Vec3::ZERO, Vec3::Y),
    ));
}

/// Computes the displayed window and marker from the snapshot and the follow setting.
pub fn update_display_frame(
    snapshot: Res<LatestSnapshot>,
    settings: Res<ViewSettings>,
    mut frame: ResMut<DisplayFrame>,
) {
    let Some(s) = snapshot.0.as_ref() else {
        return;
    };
    let length = s.box_length as f32;
    let r = to_vec3(s.order.r);
    let has_nanoparticle = s.n_star > 0;
    let lo = if settings.follow && has_nanoparticle {
        r - Vec3::splat(0.5 * length)
    } else {
        Vec3::ZERO
    };
    let mut next = DisplayFrame {
        lo,
        length,
        marker: r,
        shift: Vec3::ZERO,
        has_nanoparticle,
        body_axes: s.body_axes.map(|a| a.map(to_vec3)),
    };
    next.marker = next.wrap(r);
    next.shift = next.marker - r;
    frame.set_if_neq(next);
}

/// Appends the newest unwrapped R to the trail (cleared when a new run starts).
pub fn update_trail(
    snapshot: Res<LatestSnapshot>,
    settings: Res<ViewSettings>,
    mut trail: ResMut<Trail>,
) {
    if !snapshot.is_changed() {
        return;
    }
    let Some(s) = snapshot.0.as_ref() else {
        return;
    };
    if s.run_id != trail.run_id {
        trail.run_id = s.run_id;
        trail.points.clear();
    }
    if s.n_star == 0 {
        return;
    }
    let r = to_vec3(s.order.r);
    if trail.points.back() != Some(&r) {
        trail.points.push_back(r);
    }
    while trail.points.len() > settings.trail_len.max(2) {
        trail.points.pop_front();
    }
}

/// Spawns one entity per atom (for each new run) and writes their transforms
/// and visibility from the snapshot.
pub fn sync_atom_transforms(
    mut commands: Commands,
    snapshot: Res<LatestSnapshot>,
    settings: Res<ViewSettings>,
    frame: Res<DisplayFrame>,
    assets: Option<Res<AtomAssets>>,
    mut atoms: Query<(Entity, &Atom, &mut Transform, &mut Visibility)>,
    mut spawned_run: Local<Option<u64>>,
) {
    let Some(assets) = assets else {
        return;
    };
    if !snapshot.is_changed() && !settings.is_changed() && !frame.is_changed() {
        return;
    }
    let Some(s) = snapshot.0.as_ref() else {
        return;
    };
    let place = |i: usize| -> (Vec3, f32, bool) {
        let p = Vec3::from_array(s.positions[i]);
        if s.types[i] == NANOPARTICLE {
            let at = frame.marker + frame.minimum_image(p, frame.marker);
            return (at, 1.0, true);
        }
        (
            frame.wrap(p),
            settings.host_scale,
            host_visible(&settings, &frame, p),
        )
    };
    let n = s.positions.len();
    // A new run may bring other atoms (count or types): spawn afresh.
    if atoms.iter().count() != n || *spawned_run != Some(s.run_id) {
        *spawned_run = Some(s.run_id);
        for (e, ..) in &atoms {
            commands.entity(e).despawn();
        }
        let batch: Vec<_> = (0..n)
            .map(|i| {
                let (at, scale, visible) = place(i);
                let (mesh, material) = if s.types[i] == NANOPARTICLE {
                    (assets.mesh.clone(), assets.nanoparticle.clone())
                } else {
                    (assets.host_mesh.clone(), assets.host.clone())
                };
                (
                    Atom(i),
                    Mesh3d(mesh),
                    MeshMaterial3d(material),
                    Transform::from_translation(at).with_scale(Vec3::splat(scale)),
                    if visible {
                        Visibility::Inherited
                    } else {
                        Visibility::Hidden
                    },
                )
            })
            .collect();
        commands.spawn_batch(batch);
        return;
    }
    for (_, atom, mut transform, mut visibility) in &mut atoms {
        if atom.0 >= n {
            continue;
        }
        let (at, scale, visible) = place(atom.0);
        transform.set_if_neq(Transform::from_translation(at).with_scale(Vec3::splat(scale)));
        visibility.set_if_neq(if visible {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

/// Dims or restores the host material when the setting changes.
pub fn style_host_material(
    settings: Res<ViewSettings>,
    assets: Option<Res<AtomAssets>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let Some(assets) = assets else {
        return;
    };
    if !settings.is_changed() {
        return;
    }
    if let Some(mut m) = materials.get_mut(&assets.host) {
        m.base_color = if settings.dim_host {
            Color::srgb(0.16, 0.22, 0.32)
        } else {
            Color::srgb(0.35, 0.52, 0.75)
        };
    }
}

/// Draws the box wireframe, the centre-of-mass marker and its fading trail.
pub fn draw_box_and_trail(
    mut gizmos: Gizmos,
    settings: Res<ViewSettings>,
    frame: Res<DisplayFrame>,
    trail: Res<Trail>,
) {
    let l = frame.length;
    if l <= 0.0 {
        return;
    }
    if settings.show_box {
        let centre = frame.lo + Vec3::splat(0.5 * l);
        gizmos.cube(
            Transform::from_translation(centre).with_scale(Vec3::splat(l)),
            Color::srgba(0.7, 0.75, 0.8, 0.6),
        );
    }
    if !frame.has_nanoparticle {
        return;
    }
    let n = trail.points.len();
    if n >= 2 {
        gizmos.linestrip_gradient(trail.points.iter().enumerate().map(|(k, p)| {
            let age = k as f32 / (n - 1) as f32; // 0 oldest, 1 newest
            (
                *p + frame.shift,
                Color::srgba(1.0, 0.95, 0.3, 0.1 + 0.9 * age),
            )
        }));
    }
    let m = frame.marker;
    let c = Color::srgb(1.0, 1.0, 0.4);
    for axis in [Vec3::X, Vec3::Y, Vec3::Z] {
        gizmos.line(m - 0.8 * axis, m + 0.8 * axis, c);
    }
    // A rigid body's principal axes, smallest moment first in red, then green, then blue,
    // reaching 1.3 times its outer radius so that they show outside its atoms.
    if let Some(axes) = frame.body_axes {
        let colours = [
            Color::srgb(1.0, 0.3, 0.3),
            Color::srgb(0.3, 1.0, 0.4),
            Color::srgb(0.4, 0.6, 1.0),
        ];
        for (axis, colour) in axes.iter().zip(colours) {
            gizmos.line(m - 1.3 * *axis, m + 1.3 * *axis, colour);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_into_a_window_centred_on_the_nanoparticle() {
        let f = DisplayFrame {
            lo: Vec3::new(8.0, -2.0, 0.0),
            length: 10.0,
            ..default()
        };
        let w = f.wrap(Vec3::new(1.0, 9.0, 10.5));
        assert!((w - Vec3::new(11.0, -1.0, 0.5)).length() < 1e-5);
        let d = f.minimum_image(Vec3::new(9.5, 0.0, 0.0), Vec3::new(0.5, 0.0, 0.0));
        assert!((d - Vec3::new(-1.0, 0.0, 0.0)).length() < 1e-5);
    }

    #[test]
    fn slab_and_shell_cut_around_the_nanoparticle_through_the_boundary() {
        let frame = DisplayFrame {
            length: 10.0,
            marker: Vec3::new(0.5, 0.5, 0.5),
            has_nanoparticle: true,
            ..default()
        };
        let mut v = ViewSettings {
            host: HostDisplay::Shell,
            shell: 2.0,
            slab: 2.0,
            ..default()
        };
        // 1.5σ away through the periodic boundary (9.5 ≡ −0.5): inside the shell.
        assert!(host_visible(&v, &frame, Vec3::new(9.5, 9.5, 0.5)));
        // 2.5σ away along z: outside both.
        assert!(!host_visible(&v, &frame, Vec3::new(0.5, 0.5, 3.0)));
        // Far in x but level in z: outside the shell, inside the slab.
        let level = Vec3::new(5.0, 0.5, 1.2);
        assert!(!host_visible(&v, &frame, level));
        v.host = HostDisplay::Slab;
        assert!(host_visible(&v, &frame, level));
        assert!(!host_visible(&v, &frame, Vec3::new(0.5, 0.5, 3.0)));
        v.host = HostDisplay::Hidden;
        assert!(!host_visible(&v, &frame, level));
        v.host = HostDisplay::All;
        assert!(host_visible(&v, &frame, Vec3::new(5.0, 5.0, 5.0)));
        // Without a nanoparticle there is nothing to cut around.
        let none = DisplayFrame {
            has_nanoparticle: false,
            ..frame
        };
        v.host = HostDisplay::Shell;
        assert!(host_visible(&v, &none, Vec3::new(5.0, 5.0, 5.0)));
    }
}

// esbuild bundles imported stylesheets into dashboard.css; to TypeScript they are modules with no exports.
declare module '*.css';

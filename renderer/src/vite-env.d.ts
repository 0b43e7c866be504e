/// <reference types="vite/client" />
// Vite's ambient types: CSS side-effect imports (@mantine/core/styles.css), asset imports, import.meta.env.

import rule from '../../../rules/no-outlived-promise';
import { runSections } from '../cases';
import { sections } from '.';

// Each section in both modes: `no-outlived-promise › <section>`, `… (typed)` and `… (typed, files not on disk)`.
runSections('no-outlived-promise', rule, sections);

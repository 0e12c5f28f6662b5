import noOutlivedPromise from './no-outlived-promise';

/** Every rule of the plugin by id; ids match file names (a meta-test keeps it so). */
export const rules = {
  'no-outlived-promise': noOutlivedPromise,
};

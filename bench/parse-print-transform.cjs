// The codemod's floor: a jscodeshift transform that parses each file and prints it again, changing nothing.
module.exports = function parseAndPrint(file, api) {
  return api.jscodeshift(file.source).toSource();
};

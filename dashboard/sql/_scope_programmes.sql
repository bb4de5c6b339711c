-- _scope_programmes: not a query but a condition (dashboard.queries.scope) on a row carrying a
-- funder_id: every programme's, or only the user's funder's ($scope_all_programmes false: a
-- funder sees its own programmes, the parcours they fund and their money, nothing else).
($scope_all_programmes or funder_id = $scope_funder)

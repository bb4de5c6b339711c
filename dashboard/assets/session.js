// When the session ends (inactivity, sign-out elsewhere, a disabled account), Dash's next data
// request is answered 401: go to the sign-in page, which comes back here afterwards.
(function () {
    const fetchFirst = window.fetch;
    window.fetch = function (input, init) {
        return fetchFirst.call(this, input, init).then(function (response) {
            const url = typeof input === "string" ? input : (input && input.url) || "";
            if (response.status === 401 && url.indexOf("/_dash-") !== -1) {
                const back = window.location.pathname + window.location.search;
                window.location.assign(
                    "/login?fin=expiree&next=" + encodeURIComponent(back)
                );
            }
            return response;
        });
    };
})();

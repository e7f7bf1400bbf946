<?php
/**
 * Portal BFF webhooks: WHMCS hook file.
 *
 * Copy to WHMCS's includes/hooks/ directory. For the WHMCS hooks below it POSTs a signed JSON event to
 * the portal BFF at <PORTAL_BFF_WEBHOOK_URL>/webhooks/whmcs/<PORTAL_BFF_WHMCS_INSTANCE>, so the BFF can
 * drop the cached data that event made stale. See README.md beside this file.
 *
 * Body (compact JSON, UTF-8):
 *   {"id":"<event id>","event":"<WHMCS hook name>","occurredAt":"<RFC 3339 UTC>","data":{...}}
 * `data` holds only the ids the BFF needs (integers): never the raw hook variables, which carry
 * passwords (ClientChangePassword), card data (CCUpdate) and server credentials (AfterModule* params).
 *
 * Signing (Standard Webhooks headers):
 *   webhook-id:        the event id
 *   webhook-timestamp: unix seconds when the request is sent
 *   webhook-signature: v1,<base64(HMAC-SHA256(key, "<id>.<timestamp>.<raw body>"))>
 * where key = the configured secret string's bytes, used as they are (no base64 decoding, no
 * "whsec_" prefix handling, no trimming). The BFF reads a secret starting with "whsec_" as base64
 * (the Standard Webhooks form), so the secret given to this hook must not start with "whsec_".
 *
 * Settings: a constant of this name in WHMCS's configuration.php, else an environment variable:
 *   PORTAL_BFF_WEBHOOK_URL       BFF base URL, e.g. https://portal-bff.example.net
 *   PORTAL_BFF_WHMCS_INSTANCE    this WHMCS install's instance name in the BFF (e.g. "default", "brand-b")
 *   PORTAL_BFF_WEBHOOK_SECRET    this instance's webhook secret in the BFF
 *   PORTAL_BFF_WEBHOOK_TIMEOUT   optional, seconds for one delivery (default 4, 1..30; connecting gets
 *                                at most 2 of them)
 *   PORTAL_BFF_WEBHOOK_SECRET_PREVIOUS  optional, during a secret rotation: the old secret; each request
 *                                then carries two space-separated v1 signatures, one per secret
 *
 * Delivery rules:
 * - A hook never throws and never fails or slows the WHMCS action beyond the timeouts above.
 * - Events are collected while WHMCS handles the request and sent when the request ends (PHP
 *   shutdown), so the BFF invalidates after WHMCS has finished writing: AcceptOrder, for one, runs
 *   before the order's acceptance actions, and an immediate delivery could let the BFF re-cache the old
 *   state. Identical events within one request (UpdateInvoiceTotal fires once per line item) are sent
 *   once. A long run (the cron) sends every 200 collected events.
 * - Nothing is retried: WHMCS has no retry queue. The BFF answers 503 when it wants a retry; that, any
 *   other non-2xx answer and any transport failure is written to WHMCS's Activity Log (prefix
 *   "Portal BFF webhook") for the operator, without the secret. The cached data then ages out by its
 *   TTL. After a transport failure (BFF unreachable or too slow), deliveries from this PHP process
 *   pause for 60 seconds so a cron run does not wait out the timeout once per event; the events skipped
 *   are logged in one line.
 *
 * Requires PHP 7.4+ with the curl and json extensions (both are WHMCS requirements).
 */

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

use WHMCS\Database\Capsule;

if (!class_exists('PortalBffWebhooks', false)) {

    final class PortalBffWebhooks
    {
        const VERSION = '1';
        const LOG_PREFIX = 'Portal BFF webhook: ';
        const DEFAULT_TIMEOUT_SECONDS = 4.0;
        const MAX_CONNECT_SECONDS = 2.0;
        const FLUSH_EVERY = 200;
        const PAUSE_AFTER_FAILURE_SECONDS = 60;

        /** Invoice hooks: data {invoiceid, userid?}. The BFF accepts an invoice event without the client. */
        const INVOICE_HOOKS = array(
            'InvoiceCreated', 'InvoicePaid', 'InvoiceRefunded', 'InvoiceCancelled', 'InvoiceUnpaid',
            'UpdateInvoiceTotal', 'AddInvoicePayment',
        );
        /** Module hooks: vars {params: {serviceid, userid, ...}}; data {userid, serviceid}. */
        const MODULE_HOOKS = array(
            'AfterModuleCreate', 'AfterModuleSuspend', 'AfterModuleUnsuspend', 'AfterModuleTerminate',
            'AfterModuleChangePackage',
        );
        /** Client hooks: vars {userid, ...}; data {userid}. */
        const CLIENT_HOOKS = array('ClientEdit', 'ClientChangePassword', 'ClientClose');
        /** Ticket hooks: vars {ticketid, userid?, ...}; data {ticketid, userid?}. TicketAdminReply and
         *  TicketStatusChange carry no client: it comes from tbltickets. The BFF asks WHMCS when it is left out. */
        const TICKET_HOOKS = array('TicketOpen', 'TicketUserReply', 'TicketAdminReply', 'TicketStatusChange');

        /** @var array<string, array> pending events by dedupe key */
        private static $queue = array();
        /** @var bool */
        private static $shutdownRegistered = false;
        /** @var float unix time until which deliveries are paused after a transport failure */
        private static $pausedUntil = 0.0;
        /** @var bool */
        private static $configProblemLogged = false;
        /** @var array<string, int|null> client ids already looked up in this request, by "table id" */
        private static $clientIds = array();

        /** Registers every hook. */
        public static function register()
        {
            foreach (self::INVOICE_HOOKS as $hook) {
                self::on($hook, function (array $vars) use ($hook) {
                    self::invoiceEvent($hook, $vars);
                });
            }
            foreach (self::MODULE_HOOKS as $hook) {
                self::on($hook, function (array $vars) use ($hook) {
                    $params = isset($vars['params']) && is_array($vars['params']) ? $vars['params'] : array();
                    self::serviceEvent($hook, $params);
                });
            }
            self::on('ServiceEdit', function (array $vars) {
                self::serviceEvent('ServiceEdit', $vars);
            });
            foreach (self::CLIENT_HOOKS as $hook) {
                self::on($hook, function (array $vars) use ($hook) {
                    self::clientEvent($hook, $vars);
                });
            }
            foreach (self::TICKET_HOOKS as $hook) {
                self::on($hook, function (array $vars) use ($hook) {
                    self::ticketEvent($hook, $vars);
                });
            }
            self::on('OrderPaid', function (array $vars) {
                // OrderPaid names its variables orderId, userId, invoiceId (camel case).
                self::orderEvent('OrderPaid', self::firstId($vars, array('orderId', 'orderid')),
                    self::firstId($vars, array('userId', 'userid', 'clientId', 'clientid')));
            });
            self::on('AcceptOrder', function (array $vars) {
                // AcceptOrder carries only orderid; the client comes from tblorders.
                self::orderEvent('AcceptOrder', self::firstId($vars, array('orderid', 'orderId')), null);
            });
            // WHMCS has no PayMethodAdded/Updated/Deleted hooks. CCUpdate runs when a card pay method is
            // stored or updated (client area, admin area, gateway remote storage, Stripe card updates);
            // adding a bank account and deleting any pay method run no hook.
            self::on('CCUpdate', function (array $vars) {
                self::clientEvent('CCUpdate', $vars);
            });
        }

        // MARK: Events

        private static function invoiceEvent($hook, array $vars)
        {
            $invoiceId = self::firstId($vars, array('invoiceid', 'invoiceId'));
            if ($invoiceId === null) {
                self::log($hook . ' skipped: the hook named no invoice');
                return;
            }
            $data = array('invoiceid' => $invoiceId);
            $clientId = self::lookupClientId('tblinvoices', $invoiceId);
            if ($clientId === null) {
                $clientId = self::invoiceClientIdFromApi($invoiceId);
            }
            if ($clientId !== null) {
                $data['userid'] = $clientId;
            }
            // Without the client the BFF still drops the invoice itself, not the client's lists.
            self::enqueue($hook, $data);
        }

        private static function serviceEvent($hook, array $vars)
        {
            $serviceId = self::firstId($vars, array('serviceid', 'serviceId', 'accountid'));
            if ($serviceId === null) {
                self::log($hook . ' skipped: the hook named no service');
                return;
            }
            $clientId = self::firstId($vars, array('userid', 'userId', 'clientId', 'clientid'));
            if ($clientId === null && isset($vars['clientsdetails']) && is_array($vars['clientsdetails'])) {
                $clientId = self::firstId($vars['clientsdetails'], array('userid', 'id', 'client_id'));
            }
            if ($clientId === null) {
                $clientId = self::lookupClientId('tblhosting', $serviceId);
            }
            if ($clientId === null) {
                self::log($hook . ' for service ' . $serviceId . ' skipped: its client could not be found');
                return;
            }
            self::enqueue($hook, array('userid' => $clientId, 'serviceid' => $serviceId));
        }

        private static function clientEvent($hook, array $vars)
        {
            $clientId = self::firstId($vars, array('userid', 'userId', 'client_id', 'clientid', 'clientId'));
            if ($clientId === null) {
                self::log($hook . ' skipped: the hook named no client');
                return;
            }
            self::enqueue($hook, array('userid' => $clientId));
        }

        private static function ticketEvent($hook, array $vars)
        {
            $ticketId = self::firstId($vars, array('ticketid', 'ticketId'));
            if ($ticketId === null) {
                self::log($hook . ' skipped: the hook named no ticket');
                return;
            }
            $data = array('ticketid' => $ticketId);
            $clientId = self::firstId($vars, array('userid', 'userId', 'clientid', 'clientId'));
            if ($clientId === null) {
                $clientId = self::lookupClientId('tbltickets', $ticketId);
            }
            // A guest's ticket (no client) has userid 0, which positiveInt leaves out: no portal customer
            // has it cached, and the BFF, asking GetTicket, finds owner 0 and drops nothing.
            if ($clientId !== null) {
                $data['userid'] = $clientId;
            }
            self::enqueue($hook, $data);
        }

        private static function orderEvent($hook, $orderId, $clientId)
        {
            if ($orderId === null) {
                self::log($hook . ' skipped: the hook named no order');
                return;
            }
            if ($clientId === null) {
                $clientId = self::lookupClientId('tblorders', $orderId);
            }
            if ($clientId === null) {
                self::log($hook . ' for order ' . $orderId . ' skipped: its client could not be found');
                return;
            }
            self::enqueue($hook, array('userid' => $clientId, 'orderid' => $orderId));
        }

        // MARK: Queue and delivery

        private static function enqueue($hook, array $data)
        {
            $key = $hook . ' ' . json_encode($data);
            if (isset(self::$queue[$key])) {
                return;
            }
            self::$queue[$key] = array(
                'id' => $hook . '-' . bin2hex(random_bytes(16)),
                'event' => $hook,
                'occurredAt' => self::nowRfc3339(),
                'data' => $data,
            );
            if (!self::$shutdownRegistered) {
                self::$shutdownRegistered = true;
                register_shutdown_function(array(__CLASS__, 'onShutdown'));
            }
            if (count(self::$queue) >= self::FLUSH_EVERY) {
                self::flushSafely();
            }
        }

        /** The shutdown function. A hook that runs after it (from a later shutdown function) registers anew. */
        public static function onShutdown()
        {
            self::$shutdownRegistered = false;
            self::flushSafely();
        }

        /** Sends every pending event. Never throws. */
        public static function flushSafely()
        {
            try {
                self::flush();
            } catch (\Throwable $e) {
                self::log('delivery failed: ' . get_class($e) . ': ' . self::clip($e->getMessage(), 300));
            }
        }

        private static function flush()
        {
            $events = array_values(self::$queue);
            self::$queue = array();
            if (!$events) {
                return;
            }
            $config = self::config();
            if ($config === null) {
                return;
            }
            $skipped = array();
            $curl = null;
            foreach ($events as $event) {
                if (microtime(true) < self::$pausedUntil) {
                    $skipped[] = $event;
                    continue;
                }
                if ($curl === null) {
                    $curl = curl_init();
                }
                self::deliver($curl, $config, $event);
            }
            $curl = null; // frees the handle (curl_close is deprecated from PHP 8.5)
            if ($skipped) {
                $names = array();
                foreach ($skipped as $event) {
                    $names[] = $event['event'] . json_encode($event['data']);
                }
                self::log(count($skipped) . ' event(s) not sent to ' . $config['logUrl']
                    . ' (paused after a failed delivery; no retry): ' . self::clip(implode(', ', $names), 1500));
            }
        }

        private static function deliver($curl, array $config, array $event)
        {
            $body = json_encode(
                array(
                    'id' => $event['id'],
                    'event' => $event['event'],
                    'occurredAt' => $event['occurredAt'],
                    'data' => (object) $event['data'],
                ),
                JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
            );
            if ($body === false) {
                self::log($event['event'] . ' ' . $event['id'] . ' not sent: JSON encoding failed');
                return;
            }
            $timestamp = (string) time();
            $signed = $event['id'] . '.' . $timestamp . '.' . $body;
            $signatures = array();
            foreach ($config['secrets'] as $secret) {
                $signatures[] = 'v1,' . base64_encode(hash_hmac('sha256', $signed, $secret, true));
            }
            curl_reset($curl);
            curl_setopt_array($curl, array(
                CURLOPT_URL => $config['url'],
                CURLOPT_POST => true,
                CURLOPT_POSTFIELDS => $body,
                CURLOPT_HTTPHEADER => array(
                    'Content-Type: application/json',
                    'Accept: application/json',
                    'User-Agent: portal-bff-whmcs-hook/' . self::VERSION,
                    'webhook-id: ' . $event['id'],
                    'webhook-timestamp: ' . $timestamp,
                    'webhook-signature: ' . implode(' ', $signatures),
                    'Expect:',
                ),
                CURLOPT_RETURNTRANSFER => true,
                CURLOPT_FOLLOWLOCATION => false,
                CURLOPT_CONNECTTIMEOUT_MS => $config['connectTimeoutMs'],
                CURLOPT_TIMEOUT_MS => $config['timeoutMs'],
                CURLOPT_NOSIGNAL => true,
                CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            ));
            $response = curl_exec($curl);
            $clientId = isset($event['data']['userid']) ? (int) $event['data']['userid'] : 0;
            if ($response === false) {
                self::$pausedUntil = microtime(true) + self::PAUSE_AFTER_FAILURE_SECONDS;
                self::log($event['event'] . json_encode($event['data']) . ' ' . $event['id'] . ' not delivered to '
                    . $config['logUrl'] . ' (no retry): ' . self::clip(curl_error($curl), 200), $clientId);
                return;
            }
            $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
            if ($status >= 200 && $status < 300) {
                return;
            }
            $why = $status === 503 ? 'the BFF asked for a retry (503), and WHMCS has none' : 'HTTP ' . $status;
            self::log($event['event'] . json_encode($event['data']) . ' ' . $event['id'] . ' refused by '
                . $config['logUrl'] . ': ' . $why . '; answer: ' . self::clip((string) $response, 200), $clientId);
        }

        /** The delivery settings, or null (logged once per request) when they are incomplete. */
        private static function config()
        {
            $base = self::setting('PORTAL_BFF_WEBHOOK_URL', true);
            $instance = self::setting('PORTAL_BFF_WHMCS_INSTANCE', true);
            $secret = self::setting('PORTAL_BFF_WEBHOOK_SECRET', false);
            $previousSecret = self::setting('PORTAL_BFF_WEBHOOK_SECRET_PREVIOUS', false);
            $missing = array();
            if ($base === null) {
                $missing[] = 'PORTAL_BFF_WEBHOOK_URL';
            }
            if ($instance === null) {
                $missing[] = 'PORTAL_BFF_WHMCS_INSTANCE';
            }
            if ($secret === null) {
                $missing[] = 'PORTAL_BFF_WEBHOOK_SECRET';
            }
            $scheme = $base === null ? null : strtolower((string) parse_url($base, PHP_URL_SCHEME));
            if ($base !== null && $scheme !== 'https' && $scheme !== 'http') {
                $missing[] = 'PORTAL_BFF_WEBHOOK_URL (not an http(s) URL)';
            }
            if ($missing) {
                if (!self::$configProblemLogged) {
                    self::$configProblemLogged = true;
                    self::log('events not sent: set ' . implode(', ', $missing)
                        . ' in configuration.php or the environment');
                }
                return null;
            }
            $url = rtrim($base, '/') . '/webhooks/whmcs/' . rawurlencode($instance);
            $timeout = self::setting('PORTAL_BFF_WEBHOOK_TIMEOUT', true);
            $seconds = ($timeout !== null && is_numeric($timeout)) ? (float) $timeout : self::DEFAULT_TIMEOUT_SECONDS;
            $seconds = max(1.0, min(30.0, $seconds));
            return array(
                'url' => $url,
                'logUrl' => self::withoutCredentials($url),
                'secrets' => $previousSecret === null || $previousSecret === $secret
                    ? array($secret) : array($secret, $previousSecret),
                'timeoutMs' => (int) round($seconds * 1000),
                'connectTimeoutMs' => (int) round(min($seconds, self::MAX_CONNECT_SECONDS) * 1000),
            );
        }

        /** A constant from configuration.php, else an environment variable; null when unset or empty. */
        private static function setting($name, $trim)
        {
            if (defined($name)) {
                $value = constant($name);
            } else {
                $value = getenv($name);
                if ($value === false) {
                    if (isset($_SERVER[$name])) {
                        $value = $_SERVER[$name];
                    } elseif (isset($_ENV[$name])) {
                        $value = $_ENV[$name];
                    } else {
                        $value = null;
                    }
                }
            }
            if ($value === null || $value === false || !is_scalar($value)) {
                return null;
            }
            $value = (string) $value;
            if ($trim) {
                $value = trim($value);
            }
            return $value === '' ? null : $value;
        }

        // MARK: Lookups

        /** tblinvoices / tblhosting / tblorders: the `userid` (client id) of a row, or null. */
        private static function lookupClientId($table, $id)
        {
            $key = $table . ' ' . $id;
            if (array_key_exists($key, self::$clientIds)) {
                return self::$clientIds[$key];
            }
            try {
                if (!class_exists('WHMCS\\Database\\Capsule')) {
                    return null;
                }
                $value = Capsule::table($table)->where('id', $id)->value('userid');
                return self::$clientIds[$key] = self::positiveInt($value);
            } catch (\Throwable $e) {
                self::log('looking up ' . $table . ' ' . $id . ' failed: ' . self::clip($e->getMessage(), 200));
                return null;
            }
        }

        /** GetInvoice through the local API, when the database lookup gave nothing. */
        private static function invoiceClientIdFromApi($invoiceId)
        {
            try {
                if (!function_exists('localAPI')) {
                    return null;
                }
                $result = localAPI('GetInvoice', array('invoiceid' => $invoiceId));
                if (is_array($result) && isset($result['result']) && $result['result'] === 'success'
                    && isset($result['userid'])) {
                    return self::positiveInt($result['userid']);
                }
                return null;
            } catch (\Throwable $e) {
                self::log('GetInvoice ' . $invoiceId . ' failed: ' . self::clip($e->getMessage(), 200));
                return null;
            }
        }

        // MARK: Helpers

        private static function on($hook, callable $handler)
        {
            add_hook($hook, 1, function ($vars) use ($hook, $handler) {
                try {
                    $handler(is_array($vars) ? $vars : array());
                } catch (\Throwable $e) {
                    self::log($hook . ' hook failed: ' . get_class($e) . ': ' . self::clip($e->getMessage(), 300));
                }
                // Nothing returned: these hooks take no response.
            });
        }

        private static function firstId(array $vars, array $keys)
        {
            foreach ($keys as $key) {
                if (array_key_exists($key, $vars)) {
                    $id = self::positiveInt($vars[$key]);
                    if ($id !== null) {
                        return $id;
                    }
                }
            }
            return null;
        }

        /** A whole number above zero from an int or a digit string; WHMCS's 0 means "none". */
        private static function positiveInt($value)
        {
            if (is_int($value)) {
                return $value > 0 ? $value : null;
            }
            if (is_string($value)) {
                $value = trim($value);
                if ($value !== '' && ctype_digit($value) && strlen($value) <= 18) {
                    $int = (int) $value;
                    return $int > 0 ? $int : null;
                }
            }
            if (is_float($value) && $value >= 1 && $value < 1e15 && floor($value) === $value) {
                return (int) $value;
            }
            return null;
        }

        private static function nowRfc3339()
        {
            $now = \DateTime::createFromFormat('U.u', sprintf('%.6F', microtime(true)), new \DateTimeZone('UTC'));
            if ($now === false) {
                return gmdate('Y-m-d\TH:i:s\Z');
            }
            return $now->format('Y-m-d\TH:i:s.v\Z');
        }

        private static function withoutCredentials($url)
        {
            return preg_replace('#^([a-z][a-z0-9+.-]*://)[^/@]*@#i', '$1', $url);
        }

        private static function clip($text, $length)
        {
            $text = preg_replace('/\s+/', ' ', (string) $text);
            return strlen($text) > $length ? substr($text, 0, $length) . '...' : $text;
        }

        private static function log($message, $clientId = 0)
        {
            try {
                if (function_exists('logActivity')) {
                    logActivity(self::LOG_PREFIX . $message, (int) $clientId);
                } else {
                    error_log(self::LOG_PREFIX . $message);
                }
            } catch (\Throwable $e) {
                error_log(self::LOG_PREFIX . $message);
            }
        }
    }

    PortalBffWebhooks::register();
}

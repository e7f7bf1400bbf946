import Domain
import Foundation
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@testable import PortalWhmcs

@Suite("WHMCS tickets against the sandbox")
struct WhmcsTicketServiceTests {
    private func isNotFound(_ error: any Error) -> Bool {
        if case .notFound = error as? UpstreamError { true } else { false }
    }

    private func isRejected(_ error: any Error) -> Bool {
        if case .rejected = error as? UpstreamError { true } else { false }
    }

    @Test func textTheCustomerTypedComesBackAsTypedThroughWhmcssEscaping() async throws {
        try await WhmcsHarness.withRunning { harness in
            let service = WhmcsTicketService(connection: try harness.connection())
            let clientId = harness.customer.whmcsClientId
            let typed = "5 < 6 & \"quotes\" 'single' &amp; already escaped"
            let opened = try await service.open(clientId: clientId, subject: "<b>Bold</b> & co", message: typed, serviceId: nil, settings: .init())
            let ticket = try await service.ticket(id: opened.id, clientId: clientId)
            #expect(ticket.summary.subject == "<b>Bold</b> & co")
            #expect(ticket.messages.map(\.message) == [typed])
            let stored = try #require(harness.sandbox.whmcsReceivedCalls.last { $0.fields["action"] == "OpenTicket" })
            #expect(stored.fields["message"] == typed)
            try await service.reply(ticketId: opened.id, clientId: clientId, message: typed + " again")
            let replied = try await service.ticket(id: opened.id, clientId: clientId)
            #expect(replied.messages.map(\.message) == [typed, typed + " again"])
            #expect(replied.summary.status == .customerReply)
        }
    }

    @Test func theConfiguredDepartmentAndPriorityAreWhatWhmcsReceives() async throws {
        try await WhmcsHarness.withRunning { harness in
            let service = WhmcsTicketService(connection: try harness.connection())
            _ = try await service.open(
                clientId: harness.customer.whmcsClientId,
                subject: "s",
                message: "m",
                serviceId: harness.customer.whmcsClientId * 10 + 1,
                settings: WhmcsTicketSettings(departmentId: 2, priority: .high)
            )
            let sent = try #require(harness.sandbox.whmcsReceivedCalls.last { $0.fields["action"] == "OpenTicket" }?.fields)
            #expect(sent["deptid"] == "2")
            #expect(sent["priority"] == "High")
            #expect(sent["serviceid"] == String(harness.customer.whmcsClientId * 10 + 1))
        }
    }

    @Test func whmcsErrorsBecomeTypedErrors() async throws {
        try await WhmcsHarness.withRunning { harness in
            let service = WhmcsTicketService(connection: try harness.connection())
            let clientId = harness.customer.whmcsClientId
            await #expect { try await service.ticket(id: 999_999, clientId: clientId) } throws: { isNotFound($0) }
            await #expect {
                try await service.open(clientId: 999_999, subject: "s", message: "m", serviceId: nil, settings: .init())
            } throws: { isNotFound($0) }
            await #expect {
                try await service.open(clientId: clientId, subject: "s", message: "m", serviceId: nil, settings: .init(departmentId: 42))
            } throws: { isNotFound($0) }
            await #expect { try await service.reply(ticketId: 999_999, clientId: clientId, message: "m") } throws: { isNotFound($0) }
            let mine = try #require(try await service.page(clientId: clientId, page: 1, pageSize: 5).items.first)
            await #expect { try await service.reply(ticketId: mine.id, clientId: clientId, message: "") } throws: { isRejected($0) }
        }
    }

    @Test func anotherClientsTicketIsNotFoundAndPagesAreTheClientsOwn() async throws {
        try await WhmcsHarness.withRunning { harness in
            let service = WhmcsTicketService(connection: try harness.connection())
            let other = harness.sandbox.seed.customers[1].whmcsClientId
            let theirs = try await service.page(clientId: other, page: 1, pageSize: 5)
            #expect(theirs.total == 2)
            let id = try #require(theirs.items.first?.id)
            #expect(try await service.owner(ofTicket: id) == other)
            await #expect { try await service.ticket(id: id, clientId: harness.customer.whmcsClientId) } throws: { isNotFound($0) }
            let second = try await service.page(clientId: other, page: 2, pageSize: 1)
            #expect(second.page == 2)
            #expect(second.items.count == 1)
            #expect(second.items.first?.id != id)
        }
    }
}
